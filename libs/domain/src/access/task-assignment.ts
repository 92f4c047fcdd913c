import { ROLE_LABELS, type Actor, type Role } from '@app/contracts/roles';
import type { TaskActionError } from './task-action';
import { isWithinRegion } from './region-scope';

/** Who should hold a task next: the caller (claim), nobody (release) or a named user (a supervisor's assignment). */
export type TaskAssignmentChange = { kind: 'claim' } | { kind: 'release' } | { kind: 'assign'; assigneeId: string };

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
 * of two officers claiming at once, the workflow accepts one. Whether an assignment's target user is
 * active and eligible is the API's to check (it reads the users table); this checks the task's side.
 */
export function checkTaskAssignment(task: TaskForAssignment, actor: Actor, change: TaskAssignmentChange): TaskAssignmentDecision {
  const refuse = (code: TaskActionError['code'], message: string): TaskAssignmentDecision => ({ error: { code, message } });
  if (!isWithinRegion(actor.regionCode, task.regionCode)) return refuse('OUT_OF_SCOPE', 'Task not found.');
  if (task.closed) return refuse('TASK_CLOSED', 'This task has already been completed.');
  const to = (assigneeId: string | null): TaskAssignmentDecision => ({ error: null, assigneeId, changed: assigneeId !== task.assigneeId });
  switch (change.kind) {
    case 'claim':
      if (actor.role !== task.candidateRole) {
        const label = ROLE_LABELS[task.candidateRole as Role] ?? task.candidateRole;
        return refuse('ROLE_NOT_ALLOWED', `Step "${task.step}" is for role ${task.candidateRole} (${label}).`);
      }
      if (task.assigneeId !== null && task.assigneeId !== actor.userId) {
        return refuse('CONFLICT', 'This task is already claimed by another officer.');
      }
      return to(actor.userId);
    case 'release':
      if (task.assigneeId !== null && task.assigneeId !== actor.userId && actor.role !== 'supervisor') {
        return refuse('CLAIMED_BY_OTHER', 'Only the officer who holds this task, or a supervisor, may release it.');
      }
      return to(null);
    case 'assign':
      if (actor.role !== 'supervisor') return refuse('ROLE_NOT_ALLOWED', 'Tasks are reassigned by a supervisor.');
      return to(change.assigneeId);
  }
}
