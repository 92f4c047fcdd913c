import type { Actor } from '@app/contracts/roles';
import { OUTCOMES_NEEDING_REASON, STEP_OUTCOMES, type StepCode } from '../policy/steps';
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

/**
 * May this actor complete this task with this outcome? One function serves the API (before it
 * calls the workflow) and the workflow's update validator (the binding check).
 */
export function checkTaskAction(task: TaskForAction, req: TaskActionRequest): TaskActionError | null {
  if (!isWithinRegion(req.actor.regionCode, task.regionCode)) {
    return { code: 'OUT_OF_SCOPE', message: 'Task not found.' };
  }
  if (task.closed) return { code: 'TASK_CLOSED', message: 'This task has already been completed.' };
  if (req.step !== task.step) {
    return { code: 'WRONG_STEP', message: `The case is at step "${task.step}", not "${req.step}".` };
  }
  if (req.actor.role !== task.candidateRole) {
    return { code: 'ROLE_NOT_ALLOWED', message: `Step "${task.step}" is for role ${task.candidateRole}.` };
  }
  if (task.assigneeId && task.assigneeId !== req.actor.userId) {
    return { code: 'CLAIMED_BY_OTHER', message: 'This task is claimed by another officer.' };
  }
  const allowed = STEP_OUTCOMES[task.step];
  if (!allowed.includes(req.outcome)) {
    return {
      code: 'OUTCOME_NOT_ALLOWED',
      message: `outcome must be one of: ${allowed.join(', ')}`,
    };
  }
  if (OUTCOMES_NEEDING_REASON.includes(req.outcome) && !(req.comment && req.comment.trim().length > 0)) {
    return { code: 'REASON_REQUIRED', message: `comment: a reason is required for outcome "${req.outcome}".` };
  }
  return null;
}
