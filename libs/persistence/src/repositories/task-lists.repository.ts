import type { DataSource, EntityManager } from 'typeorm';
import type { CaseType } from '@app/contracts/case-types';
import type { Role } from '@app/contracts/roles';
import type { StepCode } from '@app/domain/policy';
import { pendingDecisionJoin, type PendingDecisionColumns } from '../pending-decision-read';
import type { SqlFilter } from '../region-scope';

/*
 * The inbox and supervision task lists: hand-written SQL, tuned (deferred join over a covering
 * index, capped counts) for a million tasks; the query builder would not produce these plans.
 */

/**
 * Days past due in Asia/Shanghai business dates (today − the due day), at least 1 once a task is
 * overdue: a task due earlier today (a deadline in seconds, a start-of-day deadline) counts as 1.
 */
const DAYS_OVERDUE_SQL = `GREATEST(1, (now() AT TIME ZONE 'Asia/Shanghai')::date - (t.due_at AT TIME ZONE 'Asia/Shanghai')::date)`;

/** Open: past its deadline now. Completed: completed after its deadline. */
const OVERDUE_SQL = `(CASE WHEN t.completed_at IS NULL THEN t.due_at < now() ELSE t.completed_at > t.due_at END)`;

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

export interface TaskDetailRow extends TaskListRow, PendingDecisionColumns {
  completed_by: string | null;
  completed_by_name: string | null;
  outcome: string | null;
  comment: string | null;
  context: Record<string, unknown> | null;
  case_status: string;
  case_current_step: string | null;
}

export type TaskOrder = { column: 'due_at' | 'created_at'; direction: 'ASC' | 'DESC' };

/** The columns of a list item, over `tasks t` joined as in ITEM_JOINS. */
const ITEM_COLUMNS = `
  t.id, t.case_id, c.case_no, t.case_type, t.step, t.region_code, r.name AS region_name, t.candidate_role,
  t.assignee_id, u.display_name AS assignee_name, t.created_at, t.due_at, t.due_date,
  t.calendar_flag, ${OVERDUE_SQL} AS overdue,
  CASE WHEN t.completed_at IS NULL AND t.due_at < now() THEN ${DAYS_OVERDUE_SQL} END AS days_overdue,
  t.escalation_level, p.name AS person_name, t.completed_at`;

const ITEM_JOINS = `
  JOIN cases c ON c.id = t.case_id
  JOIN persons p ON p.id = c.person_id
  LEFT JOIN regions r ON r.code = t.region_code
  LEFT JOIN users u ON u.id = t.assignee_id`;

/** Task lists over a filter (a WHERE over `tasks t`). Built over a DataSource or a transaction's EntityManager. */
export class TaskListsRepository {
  constructor(private readonly q: DataSource | EntityManager) {}

  /**
   * One page of tasks matching `filter`, in a stable order (ties broken by id). A deferred join:
   * the inner query picks the page's ids from a covering index alone (every filter column is in
   * it), reading it in order and stopping at LIMIT; only those rows are then fetched and joined.
   * Fetching other columns in the inner query would make PostgreSQL weigh heap reads and, misled
   * by correlated columns (open ⇔ mostly unassigned), sort thousands of rows instead.
   */
  page(filter: SqlFilter, order: TaskOrder, limit: number, offset: number): Promise<TaskListRow[]> {
    const orderBy = `t.${order.column} ${order.direction}, t.id ${order.direction}`;
    return this.q.query(
      `SELECT ${ITEM_COLUMNS}
         FROM (SELECT t.id FROM tasks t WHERE ${filter.sql} ORDER BY ${orderBy} LIMIT ${Number(limit)} OFFSET ${Number(offset)}) page
         JOIN tasks t ON t.id = page.id
         ${ITEM_JOINS}
        ORDER BY ${orderBy}`,
      filter.params,
    );
  }

  /** How many tasks match the filter; with a cap, counting stops past it (answers at most cap + 1). */
  async count(filter: SqlFilter, cap: number | null = null): Promise<number> {
    const sql =
      cap === null
        ? `SELECT count(*)::int AS n FROM tasks t WHERE ${filter.sql}`
        : `SELECT count(*)::int AS n FROM (SELECT 1 FROM tasks t WHERE ${filter.sql} LIMIT ${Number(cap) + 1}) x`;
    const [{ n }]: { n: number }[] = await this.q.query(sql, filter.params);
    return n;
  }

  /** The one task matching the filter (the caller adds the region scope), with its decision and case state. */
  async detail(filter: SqlFilter): Promise<TaskDetailRow | undefined> {
    const rows: TaskDetailRow[] = await this.q.query(
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
}
