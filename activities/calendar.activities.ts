import { whileHeartbeating } from './heartbeat';
import { ApplicationFailure } from '@temporalio/activity';
import { AuditRepository, TasksRepository } from '@app/persistence';
import type { DurationPolicy } from '@app/domain/policy';
import type { CaseActivityDeps } from './case.activities';
import type { DeadlineResult } from './activity-types';

export interface RecountDeadlineInput {
  caseId: string;
  taskId: string;
  /** When the task was opened: the count starts from its Asia/Shanghai date, as at opening. */
  openedAt: string;
  deadline: DurationPolicy;
  /** The years whose arrangement changed (for the audit reason). */
  years: number[];
  eventKey: string;
  at: string;
}

/**
 * After an admin loads or replaces a year's holiday arrangement, open tasks whose deadline count
 * touches that year are counted again on the new calendar, by their own workflow.
 */
export function createCalendarActivities({ db, calendars }: CaseActivityDeps) {
  return {
    /**
     * One page of cases with an open, not yet escalated task whose counting window (opening day to
     * due day) includes `year`. A flagged year always lies inside that window. Plain range
     * conditions, so the open-task deadline index serves them (about 20 ms a page on 1,000,000 tasks).
     */
    async findCasesToRecount(input: { year: number; afterCaseId: string | null; limit: number }): Promise<string[]> {
      return whileHeartbeating(() => new TasksRepository(db).casesToRecount(input.year, input.afterCaseId, input.limit));
    },

    /**
     * Counts one open task's deadline again on the current calendar. Changes the row (and audits
     * before and after) only when the result differs; a completed or escalated task is left as it is.
     */
    async recountTaskDeadline(input: RecountDeadlineInput): Promise<DeadlineResult & { changed: boolean }> {
      const due = await calendars.deadline(new Date(input.openedAt), input.deadline);
      return db.transaction(async (m) => {
        const tasks = new TasksRepository(m);
        const row = await tasks.lockForRecount(input.taskId);
        if (!row) throw ApplicationFailure.nonRetryable(`task ${input.taskId} does not exist`, 'TASK_NOT_OPEN');
        const current = { dueAt: row.dueAt.toISOString(), dueDate: row.dueDate, calendarFlag: row.calendarFlag };
        if (row.completedAt || row.escalationLevel > 0) return { ...current, changed: false };
        if (current.dueAt === due.dueAt && current.calendarFlag === due.calendarFlag) return { ...due, changed: false };
        await tasks.setDeadline(input.taskId, due);
        await new AuditRepository(m).record(null, {
          eventKey: input.eventKey,
          at: new Date(input.at),
          regionCode: row.regionCode,
          caseId: input.caseId,
          taskId: input.taskId,
          step: row.step,
          action: 'deadline_recounted',
          before: current,
          after: { dueAt: due.dueAt, dueDate: due.dueDate, calendarFlag: due.calendarFlag },
          reason: `${input.years.join('、')}年节假日安排已载入,按新安排重新计算办理时限`,
        });
        return { ...due, changed: true };
      });
    },
  };
}
