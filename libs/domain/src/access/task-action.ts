import { fieldRuleMessage } from '@app/contracts/field-messages';
import { ROLE_LABELS, type Actor, type Role } from '@app/contracts/roles';
import { OUTCOMES_NEEDING_REASON, STEP_LABELS, STEP_OUTCOMES, type StepCode } from '../policy/steps';
import { isWithinRegion } from './region-scope';

export type TaskActionErrorCode =
  | 'OUT_OF_SCOPE'
  | 'TASK_CLOSED'
  | 'WRONG_STEP'
  | 'ROLE_NOT_ALLOWED'
  | 'CLAIMED_BY_OTHER'
  | 'OUTCOME_NOT_ALLOWED'
  | 'REASON_REQUIRED'
  // Claiming a task another officer holds.
  | 'CONFLICT';

export interface TaskActionError {
  code: TaskActionErrorCode;
  message: string;
}

export interface TaskForAction {
  step: StepCode;
  candidateRole: string;
  regionCode: string;
  assigneeId: string | null;
  closed: boolean;
}

export interface TaskActionRequest {
  actor: Actor;
  /** The step the caller believes the task is at. */
  step: string;
  outcome: string;
  comment?: string | null;
}

const stepLabel = (step: string): string => STEP_LABELS[step as StepCode] ?? step;

/** The refusals a decision and a claim share, said once (checkTaskAction, checkTaskAssignment). */
export const TASK_REFUSALS = {
  outOfScope: '任务不存在,或不在您的辖区内。',
  closed: '该任务已办结。',
  claimedByOther: '该任务已由其他经办人认领。',
  roleNotAllowed: (step: string, candidateRole: string): string =>
    `「${stepLabel(step)}」环节由${ROLE_LABELS[candidateRole as Role] ?? candidateRole}办理,不属于您的岗位。`,
} as const;

/**
 * May this actor complete this task with this outcome? One function serves the API (before it
 * calls the workflow) and the workflow's update validator (the binding check). Messages are
 * Chinese; one about a request field starts with the field's name (`outcome: …`), so the API puts
 * it in brackets after the code's own sentence.
 */
export function checkTaskAction(task: TaskForAction, req: TaskActionRequest): TaskActionError | null {
  if (!isWithinRegion(req.actor.regionCode, task.regionCode)) {
    return { code: 'OUT_OF_SCOPE', message: TASK_REFUSALS.outOfScope };
  }
  if (task.closed) return { code: 'TASK_CLOSED', message: TASK_REFUSALS.closed };
  if (req.step !== task.step) {
    return { code: 'WRONG_STEP', message: `step: 案件当前在「${stepLabel(task.step)}」环节,不是「${stepLabel(req.step)}」` };
  }
  if (req.actor.role !== task.candidateRole) {
    return { code: 'ROLE_NOT_ALLOWED', message: TASK_REFUSALS.roleNotAllowed(task.step, task.candidateRole) };
  }
  if (task.assigneeId && task.assigneeId !== req.actor.userId) {
    return { code: 'CLAIMED_BY_OTHER', message: TASK_REFUSALS.claimedByOther };
  }
  const allowed = STEP_OUTCOMES[task.step];
  if (!allowed.includes(req.outcome)) {
    return {
      code: 'OUTCOME_NOT_ALLOWED',
      message: `outcome: ${fieldRuleMessage('isIn', [allowed])}`,
    };
  }
  if (OUTCOMES_NEEDING_REASON.includes(req.outcome) && !(req.comment && req.comment.trim().length > 0)) {
    return { code: 'REASON_REQUIRED', message: `comment: 办理结果为 ${req.outcome} 时须填写理由` };
  }
  return null;
}
