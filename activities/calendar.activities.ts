import { whileHeartbeating } from './heartbeat';
import { ApplicationFailure } from '@temporalio/activity';
import { AuditRepository } from '@app/persistence';
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
      const rows: { case_id: string }[] = await whileHeartbeating(() =>
        db.query(
          `SELECT DISTINCT case_id FROM tasks
          WHERE completed_at IS NULL AND escalation_level = 0
            AND due_at >= make_date($1, 1, 1)::timestamp AT TIME ZONE 'Asia/Shanghai'
            AND created_at < make_date($1 + 1, 1, 1)::timestamp AT TIME ZONE 'Asia/Shanghai'
            AND ($2::uuid IS NULL OR case_id > $2::uuid)
          ORDER BY case_id LIMIT $3`,
          [input.year, input.afterCaseId, input.limit],
        ),
      );
      return rows.map((r) => r.case_id);
    },

    /**
     * Counts one open task's deadline again on the current calendar. Changes the row (and audits
     * before and after) only when the result differs; a completed or escalated task is left as it is.
     */
    async recountTaskDeadline(input: RecountDeadlineInput): Promise<DeadlineResult & { changed: boolean }> {
      const due = await calendars.deadline(new Date(input.openedAt), input.deadline);
      return db.transaction(async (m) => {
        const rows: {
          due_at: Date;
          due_date: string;
          calendar_flag: string | null;
          completed_at: Date | null;
          escalation_level: number;
          region_code: string;
          step: string;
        }[] = await m.query(
          `SELECT due_at, to_char(due_date, 'YYYY-MM-DD') AS due_date, calendar_flag, completed_at, escalation_level, region_code, step
             FROM tasks WHERE id = $1 FOR UPDATE`,
          [input.taskId],
        );
        if (rows.length === 0) throw ApplicationFailure.nonRetryable(`task ${input.taskId} does not exist`, 'TASK_NOT_OPEN');
        const row = rows[0];
        const current = { dueAt: row.due_at.toISOString(), dueDate: row.due_date, calendarFlag: row.calendar_flag };
        if (row.completed_at || row.escalation_level > 0) return { ...current, changed: false };
        if (current.dueAt === due.dueAt && current.calendarFlag === due.calendarFlag) return { ...due, changed: false };
        await m.query('UPDATE tasks SET due_at = $2, due_date = $3, calendar_flag = $4 WHERE id = $1', [
          input.taskId,
          due.dueAt,
          due.dueDate,
          due.calendarFlag,
        ]);
        await new AuditRepository(m).record(null, {
          eventKey: input.eventKey,
          at: new Date(input.at),
          regionCode: row.region_code,
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
