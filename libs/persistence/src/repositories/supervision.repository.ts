import type { DataSource, EntityManager } from 'typeorm';
import type { SqlFilter } from '../region-scope';
import type { TaskListRow } from './task-lists.repository';

/*
 * The supervisors' dashboards: hand-written aggregates tuned for a million tasks (an index-only
 * scan of the partial index of open tasks, grouping by raw columns), so SQL rather than the query builder.
 */

/** What open tasks are grouped by. */
export type OpenTaskGrouping = 'region' | 'step' | 'assignee' | 'caseType';

/** Open tasks of one group (key: the task's region, step, assignee id or case type; null: unassigned). */
export interface OpenTaskCounts {
  key: string | null;
  open: number;
  overdue: number;
  dueSoon: number;
  /** Overdue by 1–3, 4–7, 8–14 and 15+ Asia/Shanghai days. */
  aging: [number, number, number, number];
}

/** An escalation with its task as the task lists show it. */
export interface EscalationRow extends Pick<
  TaskListRow,
  | 'case_id'
  | 'case_no'
  | 'case_type'
  | 'step'
  | 'region_code'
  | 'region_name'
  | 'candidate_role'
  | 'assignee_id'
  | 'assignee_name'
  | 'due_at'
  | 'due_date'
  | 'completed_at'
  | 'person_name'
> {
  id: string;
  task_id: string;
  level: number;
  escalated_to: string;
  escalated_to_name: string | null;
  escalated_at: Date;
}

const GROUP_COLUMNS: Record<OpenTaskGrouping, string> = {
  region: 't.region_code',
  step: 't.step',
  assignee: 't.assignee_id::text',
  caseType: 't.case_type',
};

/** Supervision read models. Built over a DataSource or a transaction's EntityManager. */
export class SupervisionRepository {
  constructor(private readonly q: DataSource | EntityManager) {}

  /**
   * Open, overdue, due-soon (due by `until`) and aging counts of the open tasks matching `filter`
   * (a WHERE over `tasks t`), per group, and the database's time of counting. The bucket bounds
   * are computed once, in SQL, as the starts of Asia/Shanghai days, so the rows are compared as
   * plain timestamps.
   */
  async openTaskCounts(
    filter: SqlFilter,
    groupBy: OpenTaskGrouping,
    until: Date,
  ): Promise<{ asOf: Date | null; groups: OpenTaskCounts[] }> {
    const f = filter;
    // Deadlines cluster on the ends of days, so grouping by (key, due_at) first leaves a few hundred
    // rows for the bucket arithmetic instead of one evaluation per task.
    const rows: {
      key: string | null;
      as_of: Date;
      open: string;
      overdue: string;
      due_soon: string;
      a1: string;
      a2: string;
      a3: string;
      a4: string;
    }[] = await this.q.query(
      `WITH b AS MATERIALIZED (
           SELECT now() AS now, ${f.param(until)}::timestamptz AS soon,
                  -- due before the start of (today − n) in Shanghai ⇔ more than n days past due
                  ((today - 3)::timestamp AT TIME ZONE 'Asia/Shanghai') AS d3,
                  ((today - 7)::timestamp AT TIME ZONE 'Asia/Shanghai') AS d7,
                  ((today - 14)::timestamp AT TIME ZONE 'Asia/Shanghai') AS d14
             FROM (SELECT (now() AT TIME ZONE 'Asia/Shanghai')::date AS today) d),
         g AS (SELECT ${GROUP_COLUMNS[groupBy]} AS key, t.due_at, count(*) AS n FROM tasks t WHERE ${f.sql} GROUP BY 1, 2)
         SELECT g.key, min(b.now) AS as_of,
                sum(g.n) AS open,
                coalesce(sum(g.n) FILTER (WHERE g.due_at < b.now), 0) AS overdue,
                coalesce(sum(g.n) FILTER (WHERE g.due_at >= b.now AND g.due_at <= b.soon), 0) AS due_soon,
                coalesce(sum(g.n) FILTER (WHERE g.due_at < b.now AND g.due_at >= b.d3), 0) AS a1,
                coalesce(sum(g.n) FILTER (WHERE g.due_at < b.d3 AND g.due_at >= b.d7), 0) AS a2,
                coalesce(sum(g.n) FILTER (WHERE g.due_at < b.d7 AND g.due_at >= b.d14), 0) AS a3,
                coalesce(sum(g.n) FILTER (WHERE g.due_at < b.d14), 0) AS a4
           FROM g CROSS JOIN b
          GROUP BY g.key`,
      f.params,
    );
    // sum() of counts is numeric, which the driver answers as a string; a few rows, converted here.
    const groups = rows.map((r) => ({
      key: r.key,
      open: Number(r.open),
      overdue: Number(r.overdue),
      dueSoon: Number(r.due_soon),
      aging: [Number(r.a1), Number(r.a2), Number(r.a3), Number(r.a4)] as OpenTaskCounts['aging'],
    }));
    return { asOf: rows[0]?.as_of ?? null, groups };
  }

  /**
   * One page of escalations matching `filter` (a WHERE over `escalations e`), newest first, with
   * their tasks, cases and regions. The page is picked from the escalations alone, then joined.
   */
  escalations(filter: SqlFilter, limit: number, offset: number): Promise<EscalationRow[]> {
    return this.q.query(
      `SELECT e.id, e.task_id, e.case_id, c.case_no, t.case_type, e.level, e.region_code AS escalated_to, er.name AS escalated_to_name,
              e.escalated_at, t.step, t.region_code, r.name AS region_name, t.candidate_role, t.assignee_id, u.display_name AS assignee_name,
              t.due_at, t.due_date, t.completed_at, p.name AS person_name
         FROM (SELECT e.* FROM escalations e WHERE ${filter.sql} ORDER BY e.escalated_at DESC, e.id DESC
               LIMIT ${Number(limit)} OFFSET ${Number(offset)}) e
         JOIN tasks t ON t.id = e.task_id
         JOIN cases c ON c.id = e.case_id
         JOIN persons p ON p.id = c.person_id
         LEFT JOIN regions r ON r.code = t.region_code
         LEFT JOIN regions er ON er.code = e.region_code
         LEFT JOIN users u ON u.id = t.assignee_id
        ORDER BY e.escalated_at DESC, e.id DESC`,
      filter.params,
    );
  }

  async countEscalations(filter: SqlFilter): Promise<number> {
    const [{ n }]: { n: number }[] = await this.q.query(`SELECT count(*)::int AS n FROM escalations e WHERE ${filter.sql}`, filter.params);
    return n;
  }
}
