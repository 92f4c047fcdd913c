import type { DataSource, EntityManager } from 'typeorm';
import { CASE_TYPE_LABELS, ROLE_LABELS, type CaseType, type Role } from '@app/contracts';
import { workingDaysBetween } from '@app/domain/calendar';
import { maskName } from '@app/domain/identity';
import { STEP_LABELS, type StepCode } from '@app/domain/policy';
import type { SharedAggregates } from '../common/shared-aggregates';
import type { WorkingDaysContext } from '../common/due-soon';

import { pendingDecisionJoin, presentPendingDecision, SqlFilter, type PendingDecisionColumns } from '@app/persistence';

export { SqlFilter };

export { updateReturning } from '@app/persistence';

/**
 * Days past due in Asia/Shanghai business dates (today − the due day), at least 1 once a task is
 * overdue: a task due earlier today (a deadline in seconds, a start-of-day deadline) counts as 1.
 */
export const DAYS_OVERDUE_SQL = `GREATEST(1, (now() AT TIME ZONE 'Asia/Shanghai')::date - (t.due_at AT TIME ZONE 'Asia/Shanghai')::date)`;

/** Open: past its deadline now. Completed: completed after its deadline. */
export const OVERDUE_SQL = `(CASE WHEN t.completed_at IS NULL THEN t.due_at < now() ELSE t.completed_at > t.due_at END)`;

export const AGING_BUCKETS = ['1-3', '4-7', '8-14', '15+'] as const;
export type AgingBucket = (typeof AGING_BUCKETS)[number];

export function agingBucketOf(daysOverdue: number): AgingBucket {
  if (daysOverdue <= 3) return '1-3';
  if (daysOverdue <= 7) return '4-7';
  if (daysOverdue <= 14) return '8-14';
  return '15+';
}

export interface TaskListRow {
  id: string;
  case_id: string;
  case_no: string;
  case_type: CaseType;
  step: StepCode;
  region_code: string;
  region_name: string | null;
  candidate_role: Role;
  assignee_id: string | null;
  assignee_name: string | null;
  created_at: Date;
  due_at: Date;
  due_date: string;
  calendar_flag: string | null;
  overdue: boolean;
  days_overdue: number | null;
  escalation_level: number;
  person_name: string;
  completed_at: Date | null;
}

/** The columns of a list item, over `tasks t` joined as in ITEM_JOINS. */
const ITEM_COLUMNS = `
  t.id, t.case_id, c.case_no, t.case_type, t.step, t.region_code, r.name AS region_name, t.candidate_role,
  t.assignee_id, u.display_name AS assignee_name, t.created_at, t.due_at, to_char(t.due_date, 'YYYY-MM-DD') AS due_date,
  t.calendar_flag, ${OVERDUE_SQL} AS overdue,
  CASE WHEN t.completed_at IS NULL AND t.due_at < now() THEN ${DAYS_OVERDUE_SQL} END AS days_overdue,
  t.escalation_level, p.name AS person_name, t.completed_at`;

const ITEM_JOINS = `
  JOIN cases c ON c.id = t.case_id
  JOIN persons p ON p.id = c.person_id
  LEFT JOIN regions r ON r.code = t.region_code
  LEFT JOIN users u ON u.id = t.assignee_id`;

export type TaskOrder = { column: 'due_at' | 'created_at'; direction: 'ASC' | 'DESC' };

/**
 * One page of tasks matching `filter` (a WHERE over `tasks t`), in a stable order (ties broken by id).
 * A deferred join: the inner query picks the page's ids from a covering index alone (every filter
 * column is in it), reading it in order and stopping at LIMIT; only those rows are then fetched
 * and joined. Fetching other columns in the inner query would make PostgreSQL weigh heap reads
 * and, misled by correlated columns (open ⇔ mostly unassigned), sort thousands of rows instead.
 */
export async function selectTaskPage(
  db: DataSource | EntityManager,
  filter: SqlFilter,
  order: TaskOrder,
  limit: number,
  offset: number,
): Promise<TaskListRow[]> {
  const orderBy = `t.${order.column} ${order.direction}, t.id ${order.direction}`;
  return db.query(
    `SELECT ${ITEM_COLUMNS}
       FROM (SELECT t.id FROM tasks t WHERE ${filter.sql} ORDER BY ${orderBy} LIMIT ${limit} OFFSET ${offset}) page
       JOIN tasks t ON t.id = page.id
       ${ITEM_JOINS}
      ORDER BY ${orderBy}`,
    filter.params,
  );
}

/** A single task row by id (the caller adds the region scope). */
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
  const sql =
    cap === null
      ? `SELECT count(*) AS n FROM tasks t WHERE ${f.sql}`
      : `SELECT count(*) AS n FROM (SELECT 1 FROM tasks t WHERE ${f.sql} LIMIT ${cap + 1}) x`;
  return shared.get(
    JSON.stringify([sql, f.params]),
    async () => {
      const [{ n }]: { n: string }[] = await db.query(sql, f.params);
      const total = Number(n);
      return cap !== null && total > cap ? { total: cap, capped: true } : { total, capped: false };
    },
    (c) => c.total,
  );
}

export async function selectTask(db: DataSource | EntityManager, filter: SqlFilter): Promise<TaskDetailRow | undefined> {
  const rows: TaskDetailRow[] = await db.query(
    `SELECT ${ITEM_COLUMNS}, t.completed_by, cb.display_name AS completed_by_name, t.outcome, t.comment, t.data -> 'context' AS context,
            c.status AS case_status, c.current_step AS case_current_step, pending.*
       FROM tasks t ${ITEM_JOINS}
       LEFT JOIN users cb ON cb.id = t.completed_by
       ${pendingDecisionJoin('t')}
      WHERE ${filter.sql}`,
    filter.params,
  );
  return rows[0];
}

export interface TaskDetailRow extends TaskListRow, PendingDecisionColumns {
  completed_by: string | null;
  completed_by_name: string | null;
  outcome: string | null;
  comment: string | null;
  context: Record<string, unknown> | null;
  case_status: string;
  case_current_step: string | null;
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
