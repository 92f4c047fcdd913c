import { ROLE_LABELS, type Actor, type Role } from '@app/contracts/roles';
import { TASK_REFUSALS, type TaskActionError } from './task-action';
import { isWithinRegion } from './region-scope';

/** Who should hold a task next: the caller (claim), nobody (release) or a named user (a supervisor's assignment). */
export type TaskAssignmentChange = { kind: 'claim' } | { kind: 'release' } | { kind: 'assign'; assigneeId: string };

/** The user a supervisor names as a task's new holder, as the reassignment rule reads them. */
export interface AssignmentTarget {
  role: string;
  regionCode: string;
  active: boolean;
}

/** Why a reassignment's target may not hold the task: a 400 naming the field that chose them. */
export interface AssignmentTargetError {
  code: 'VALIDATION_FAILED';
  field: 'userId';
  message: string;
}

export interface TaskForAssignment {
  step: string;
  candidateRole: string;
  regionCode: string;
  assigneeId: string | null;
  closed: boolean;
}

/** The assignee after the change, and whether anything changes (claiming one's own task again does not). */
export type TaskAssignmentDecision = { error: TaskActionError } | { error: null; assigneeId: string | null; changed: boolean };

/**
 * May this actor claim, release or assign this task, and who holds it afterwards? One function serves
 * the API (its quick answer from PostgreSQL) and the case workflow's update validator, which binds:
 * of two officers claiming at once, the workflow accepts one. Whether an assignment's target may hold
 * the task is `checkAssignmentTarget`'s to say.
 */
export function checkTaskAssignment(task: TaskForAssignment, actor: Actor, change: TaskAssignmentChange): TaskAssignmentDecision {
  const refuse = (code: TaskActionError['code'], message: string): TaskAssignmentDecision => ({ error: { code, message } });
  if (!isWithinRegion(actor.regionCode, task.regionCode)) return refuse('OUT_OF_SCOPE', TASK_REFUSALS.outOfScope);
  if (task.closed) return refuse('TASK_CLOSED', TASK_REFUSALS.closed);
  const to = (assigneeId: string | null): TaskAssignmentDecision => ({ error: null, assigneeId, changed: assigneeId !== task.assigneeId });
  switch (change.kind) {
    case 'claim':
      if (actor.role !== task.candidateRole) return refuse('ROLE_NOT_ALLOWED', TASK_REFUSALS.roleNotAllowed(task.step, task.candidateRole));
      if (task.assigneeId !== null && task.assigneeId !== actor.userId) return refuse('CONFLICT', TASK_REFUSALS.claimedByOther);
      return to(actor.userId);
    case 'release':
      if (task.assigneeId !== null && task.assigneeId !== actor.userId && actor.role !== 'supervisor') {
        return refuse('CLAIMED_BY_OTHER', '只有认领该任务的经办人或主管可以将其退回岗位。');
      }
      return to(null);
    case 'assign':
      if (actor.role !== 'supervisor') return refuse('ROLE_NOT_ALLOWED', '任务由主管改派。');
      return to(change.assigneeId);
  }
}

/**
 * May this user hold the task: active, of the role its step is for, serving a region that contains
 * the task's? Null when they may; an unknown user (null) may not. The API reads the user from
 * PostgreSQL and checks first; it sends the same facts in the `assignTask` Update, whose validator
 * checks them again with this function.
 */
export function checkAssignmentTarget(
  task: Pick<TaskForAssignment, 'candidateRole' | 'regionCode'>,
  target: AssignmentTarget | null | undefined,
): AssignmentTargetError | null {
  if (target && target.active && target.role === task.candidateRole && isWithinRegion(target.regionCode, task.regionCode)) return null;
  const role = task.candidateRole as Role;
  return {
    code: 'VALIDATION_FAILED',
    field: 'userId',
    message: `应为在岗的${ROLE_LABELS[role] ?? role}(${role}),且其所辖区划包含 ${task.regionCode}`,
  };
}
