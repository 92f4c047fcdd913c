import { ApplicationFailure } from '@temporalio/activity';
import type { DataSource, EntityManager } from 'typeorm';
import {
  AuditRepository,
  CasesRepository,
  notifyCaseNeedsAttention,
  notifyOverdue,
  openTaskRow,
  pgDataError,
  recordTaskAssignment,
  regionsWithSupervisors,
  TasksRepository,
  type TaskAssignmentRecord,
} from '@app/persistence';
import { regionAncestry } from '@app/domain/access';
import { STEP_LABELS, type DurationPolicy, type StepCode } from '@app/domain/policy';
import type { CalendarProvider } from './calendar-provider';
import type {
  CancelTaskInput,
  CaseStateChange,
  CompleteTaskActivityInput,
  DeadlineResult,
  OpenedTask,
  OpenTaskInput,
} from './activity-types';

export interface CaseActivityDeps {
  db: DataSource;
  calendars: CalendarProvider;
}

/**
 * Runs a write; a PostgreSQL error that retrying cannot heal (the data is refused) becomes a
 * non-retryable `DATA_ERROR`, which the workflow turns into a case that needs attention.
 */
export async function dataSafe<T>(write: () => Promise<T>): Promise<T> {
  try {
    return await write();
  } catch (err) {
    const data = pgDataError(err);
    if (data) throw ApplicationFailure.create({ type: 'DATA_ERROR', message: data.message, nonRetryable: true, details: [data.sqlState] });
    throw err;
  }
}

/** Writes a task row with its deadline, inside the caller's transaction; answers who holds it (if anyone already does). */
export async function openTaskIn(
  m: EntityManager,
  input: OpenTaskInput,
  due: DeadlineResult,
): Promise<{ assigneeId: string | null; inserted: boolean }> {
  return openTaskRow(m, {
    ...input,
    dueAt: due.dueAt,
    dueDate: due.dueDate,
    calendarFlag: due.calendarFlag,
    label: STEP_LABELS[input.step as StepCode] ?? input.step,
  });
}

/** A task row already written (by intake, or by this activity before a retry): its deadline and holder. */
export async function openedTaskRow(m: EntityManager, taskId: string): Promise<OpenedTask | null> {
  return new TasksRepository(m).opened(taskId);
}

/**
 * Records a decision on its task (idempotent: a retried write changes nothing). One statement, its
 * own transaction: the task row, the case's attention cleared, the audit entry. A task without a
 * row is refused as `missing` (TASK_NOT_OPEN unless the caller names another failure type).
 */
export async function completeTaskIn(
  m: DataSource | EntityManager,
  input: CompleteTaskActivityInput,
  missing: { type: 'TASK_NOT_OPEN' | 'DATA_ERROR'; message: string } = {
    type: 'TASK_NOT_OPEN',
    message: `task ${input.taskId} does not exist`,
  },
): Promise<void> {
  const recorded = await new TasksRepository(m).recordDecision(
    {
      taskId: input.taskId,
      caseId: input.caseId,
      completedAt: input.completedAt,
      completedBy: input.actor.userId,
      outcome: input.outcome,
      comment: input.comment,
      submitted: input.data ?? null,
    },
    input.actor,
    {
      eventKey: `task-completed:${input.taskId}`,
      at: new Date(input.completedAt),
      caseId: input.caseId,
      taskId: input.taskId,
      step: input.step,
      action: 'task_completed',
      before: { status: 'open' },
      after: { outcome: input.outcome, ...(input.data ? { data: input.data } : {}) },
      reason: input.comment,
    },
  );
  if (recorded === 'missing') throw ApplicationFailure.nonRetryable(missing.message, missing.type);
}

export async function cancelTaskIn(m: EntityManager, input: CancelTaskInput): Promise<void> {
  const cancelled = await new TasksRepository(m).cancelOpen(input.taskId, input.at, input.reason);
  if (!cancelled) return;
  await new AuditRepository(m).record(null, {
    eventKey: `task-cancelled:${input.taskId}`,
    at: new Date(input.at),
    regionCode: cancelled.region_code,
    caseId: input.caseId,
    taskId: input.taskId,
    step: cancelled.step,
    action: 'task_cancelled',
    reason: input.reason,
  });
}

export async function setCaseStateIn(m: EntityManager, change: CaseStateChange): Promise<void> {
  const written = await new CasesRepository(m).setState(
    {
      caseId: change.caseId,
      status: change.status,
      currentStep: change.currentStep,
      waitingUntil: change.waitingUntil ?? null,
      acceptedOn: change.acceptedOn ?? null,
      decidedOn: change.decidedOn ?? null,
      outcomeReason: change.outcomeReason ?? null,
    },
    change.actor,
    {
      eventKey: change.eventKey,
      at: new Date(change.at),
      caseId: change.caseId,
      step: change.currentStep,
      action: change.action,
      after: {
        status: change.status,
        currentStep: change.currentStep,
        ...(change.waitingUntil ? { waitingUntil: change.waitingUntil } : {}),
        ...(change.details ?? {}),
      },
      reason: change.reason ?? null,
    },
  );
  if (!written) throw ApplicationFailure.nonRetryable(`case ${change.caseId} does not exist`, 'CASE_NOT_FOUND');
}

/**
 * The activities every case type shares. Each write is keyed by an id the workflow chose
 * (task id, event key), so a retried or replayed activity changes nothing the second time.
 */
export function createCaseActivities({ db, calendars }: CaseActivityDeps) {
  return {
    async computeDeadline(input: { from: string; duration: DurationPolicy }): Promise<DeadlineResult> {
      return calendars.deadline(new Date(input.from), input.duration);
    },

    async openTask(input: OpenTaskInput): Promise<OpenedTask> {
      const existing = await openedTaskRow(db.manager, input.taskId);
      if (existing) return existing;
      const due = await calendars.deadline(new Date(input.openedAt), input.deadline);
      const { assigneeId } = await dataSafe(() => db.transaction((m) => openTaskIn(m, input, due)));
      return { ...due, assigneeId };
    },

    /** Who holds a task, as the case workflow decided it (claim, release, a supervisor's assignment). */
    async recordTaskAssignment(input: TaskAssignmentRecord): Promise<void> {
      await dataSafe(() => db.transaction((m) => recordTaskAssignment(m, input)));
    },

    async completeTask(input: CompleteTaskActivityInput): Promise<void> {
      await dataSafe(() => completeTaskIn(db, input));
    },

    async cancelTask(input: CancelTaskInput): Promise<void> {
      await dataSafe(() => db.transaction((m) => cancelTaskIn(m, input)));
    },

    /**
     * Marks the task overdue and escalates: level 1 to the supervisors of the task's township
     * (or the nearest region above with supervisors), each further level one region up.
     */
    async escalateTask(input: { caseId: string; taskId: string; level: number; at: string }): Promise<void> {
      await db.transaction(async (m) => {
        const tasks = new TasksRepository(m);
        const task = await tasks.forEscalation(input.taskId);
        if (!task || task.completed_at) return;
        const { region_code: region, step, case_no: caseNo } = task;
        const ancestry = regionAncestry(region).filter((c) => c.length <= 9); // township, then county
        const supervisorRegions = await regionsWithSupervisors(m, ancestry);
        const withSupervisors = ancestry.filter((c) => supervisorRegions.includes(c));
        const target = withSupervisors[Math.min(input.level - 1, withSupervisors.length - 1)] ?? ancestry[ancestry.length - 1];
        await tasks.escalate({ taskId: input.taskId, caseId: input.caseId, level: input.level, targetRegion: target, at: input.at });
        const label = STEP_LABELS[step as StepCode] ?? step;
        await notifyOverdue(m, {
          region: target,
          caseId: input.caseId,
          taskId: input.taskId,
          level: input.level,
          message: `案件 ${caseNo} 的「${label}」已超期(督办第${input.level}级)`,
          at: input.at,
        });
        await new AuditRepository(m).record(null, {
          eventKey: `task-escalated:${input.taskId}:${input.level}`,
          at: new Date(input.at),
          regionCode: region,
          caseId: input.caseId,
          taskId: input.taskId,
          step,
          action: input.level === 1 ? 'task_overdue' : 'task_escalated',
          after: { level: input.level, escalatedTo: target },
        });
      });
    },

    async setCaseState(change: CaseStateChange): Promise<void> {
      await dataSafe(() => db.transaction((m) => setCaseStateIn(m, change)));
    },

    /**
     * Shows the case as needing a person (PostgreSQL refused its data: retrying cannot heal it),
     * with the reason, and tells the supervisors of its township (or the nearest region above
     * that has them). Writes nothing the officer typed, so it cannot fail on the same data.
     */
    async flagCaseAttention(input: { caseId: string; taskId: string | null; eventKey: string; reason: string; at: string }): Promise<void> {
      await db.transaction(async (m) => {
        const cases = new CasesRepository(m);
        const found = await cases.lockForAttention(input.caseId);
        if (!found) throw ApplicationFailure.nonRetryable(`case ${input.caseId} does not exist`, 'CASE_NOT_FOUND');
        const { region_code: region, case_no: caseNo, status } = found;
        await cases.needsAttention(input.caseId, input.reason);
        const ancestry = regionAncestry(region).filter((c) => c.length <= 9);
        await notifyCaseNeedsAttention(m, {
          ancestry,
          caseId: input.caseId,
          taskId: input.taskId,
          message: `案件 ${caseNo} 需要人工处理:${input.reason}`,
          at: input.at,
        });
        await new AuditRepository(m).record(null, {
          eventKey: input.eventKey,
          at: new Date(input.at),
          regionCode: region,
          caseId: input.caseId,
          taskId: input.taskId,
          action: 'case_needs_attention',
          before: { status },
          after: { status: 'needs_attention' },
          reason: input.reason,
        });
      });
    },
  };
}

export type CaseActivities = ReturnType<typeof createCaseActivities>;
