import type { DataSource, EntityManager } from 'typeorm';
import { CASE_TYPE_LABELS, ROLE_LABELS } from '@app/contracts';
import { workingDaysBetween } from '@app/domain/calendar';
import { maskName } from '@app/domain/identity';
import { STEP_LABELS } from '@app/domain/policy';
import { presentPendingDecision, SqlFilter, TaskListsRepository, type TaskDetailRow, type TaskListRow } from '@app/persistence';
import type { SharedAggregates } from '../common/shared-aggregates';
import type { WorkingDaysContext } from '../common/due-soon';

export { SqlFilter };

export { updateReturning } from '@app/persistence';

export const AGING_BUCKETS = ['1-3', '4-7', '8-14', '15+'] as const;
export type AgingBucket = (typeof AGING_BUCKETS)[number];

export function agingBucketOf(daysOverdue: number): AgingBucket {
  if (daysOverdue <= 3) return '1-3';
  if (daysOverdue <= 7) return '4-7';
  if (daysOverdue <= 14) return '8-14';
  return '15+';
}

/**
 * How many tasks match the filter; with a cap, counting stops past it (`capped`: "at least cap").
 * Shared between users asking the same question at the same moment when the count is large.
 */
export function countTasks(
  db: DataSource | EntityManager,
  shared: SharedAggregates,
  f: SqlFilter,
  cap: number | null = null,
): Promise<{ total: number; capped: boolean }> {
  return shared.get(
    JSON.stringify(['tasks', f.sql, f.params, cap]),
    async () => {
      const total = await new TaskListsRepository(db).count(f, cap);
      return cap !== null && total > cap ? { total: cap, capped: true } : { total, capped: false };
    },
    (c) => c.total,
  );
}

/** A list item: labels in Chinese beside the codes; the applicant's name masked. */
/** A task row as the API shows it; with the calendar, an open task not yet overdue says how many working days it has left. */
export function presentTaskItem(row: TaskListRow, wd: WorkingDaysContext | null = null) {
  const daysOverdue = row.days_overdue === null ? null : Number(row.days_overdue);
  const workingDaysLeft = wd && !row.completed_at && !row.overdue ? workingDaysBetween(wd.calendar, wd.today, row.due_date) : null;
  return {
    id: row.id,
    caseId: row.case_id,
    caseNo: row.case_no,
    caseType: row.case_type,
    caseTypeLabel: CASE_TYPE_LABELS[row.case_type] ?? row.case_type,
    step: row.step,
    stepLabel: STEP_LABELS[row.step] ?? row.step,
    status: row.completed_at ? 'completed' : 'open',
    regionCode: row.region_code,
    regionName: row.region_name,
    candidateRole: row.candidate_role,
    candidateRoleLabel: ROLE_LABELS[row.candidate_role] ?? row.candidate_role,
    assigneeId: row.assignee_id,
    assigneeName: row.assignee_name,
    createdAt: row.created_at,
    dueAt: row.due_at,
    dueDate: row.due_date,
    calendarFlag: row.calendar_flag,
    overdue: row.overdue,
    daysOverdue,
    workingDaysLeft,
    agingBucket: daysOverdue === null ? null : agingBucketOf(daysOverdue),
    escalationLevel: row.escalation_level,
    applicantNameMasked: maskName(row.person_name),
    completedAt: row.completed_at,
  };
}

export function presentTaskDetail(row: TaskDetailRow) {
  return {
    ...presentTaskItem(row),
    completedBy: row.completed_by,
    completedByName: row.completed_by_name,
    outcome: row.outcome,
    comment: row.comment,
    context: row.context,
    caseStatus: row.case_status,
    caseCurrentStep: row.case_current_step,
    pendingDecision: presentPendingDecision(row),
  };
}

export type TaskItem = ReturnType<typeof presentTaskItem>;
