import type { DataSource, EntityManager } from 'typeorm';
import type { CaseType } from '@app/contracts/case-types';
import type { FindingKind } from '@app/contracts/reconciliation';
import type { SqlFilter } from '../region-scope';

/** A reconciliation finding not yet resolved, with its case and region. */
export interface StuckCaseRow {
  case_id: string;
  case_no: string;
  case_type: CaseType;
  status: string;
  region_code: string;
  region_name: string | null;
  kind: FindingKind;
  subject: string;
  reason: string;
  first_seen_at: Date;
  last_seen_at: Date;
}

/**
 * What the health check, the worker's metrics and the supervisors' stuck-case list read: counts
 * over reconciliation findings and pending starts. Aggregates, so hand-written SQL.
 */
export class MonitoringRepository {
  constructor(private readonly q: DataSource | EntityManager) {}

  /** Answers when PostgreSQL does. */
  async ping(): Promise<void> {
    await this.q.query('SELECT 1');
  }

  /** Cases with an unresolved finding, in all and per kind, and when the last reconciliation run finished. */
  async reconciliationBacklog(): Promise<{ backlog: number; byKind: Record<string, number>; lastRunAt: Date | null }> {
    const kinds: { kind: string; n: number }[] = await this.q.query(
      `SELECT kind, count(DISTINCT case_id)::int AS n FROM reconciliation_findings WHERE resolved_at IS NULL GROUP BY kind`,
    );
    const [{ backlog }]: { backlog: number }[] = await this.q.query(
      `SELECT count(DISTINCT case_id)::int AS backlog FROM reconciliation_findings WHERE resolved_at IS NULL`,
    );
    return { backlog, byKind: Object.fromEntries(kinds.map((k) => [k.kind, k.n])), lastRunAt: await this.lastReconciliationAt() };
  }

  /**
   * Cases and holiday-year recounts whose workflow start is still pending (the worker's sweep
   * starts them). The case count uses a partial index; holiday_years has a row per year.
   */
  async pendingStarts(): Promise<{ cases: number; recounts: number }> {
    const [row]: { cases: number; recounts: number }[] = await this.q.query(
      `SELECT (SELECT count(*)::int FROM cases WHERE workflow_started_at IS NULL) AS cases,
              (SELECT count(*)::int FROM holiday_years WHERE recount_key IS NOT NULL AND recount_started_at IS NULL) AS recounts`,
    );
    return row;
  }

  /** One page of unresolved findings matching `filter` (a WHERE over `reconciliation_findings f`), longest-standing first. */
  stuckCases(filter: SqlFilter, limit: number, offset: number): Promise<StuckCaseRow[]> {
    return this.q.query(
      `SELECT f.case_id, c.case_no, c.case_type, c.status, f.region_code, r.name AS region_name, f.kind, f.subject, f.reason,
              f.first_seen_at, f.last_seen_at
         FROM reconciliation_findings f JOIN cases c ON c.id = f.case_id LEFT JOIN regions r ON r.code = f.region_code
        WHERE ${filter.sql} ORDER BY f.first_seen_at, f.id LIMIT ${Number(limit)} OFFSET ${Number(offset)}`,
      filter.params,
    );
  }

  async countFindings(filter: SqlFilter): Promise<number> {
    const [{ n }]: { n: number }[] = await this.q.query(
      `SELECT count(*)::int AS n FROM reconciliation_findings f WHERE ${filter.sql}`,
      filter.params,
    );
    return n;
  }

  /** When the last reconciliation run finished; null before the first. */
  async lastReconciliationAt(): Promise<Date | null> {
    const [{ last }]: { last: Date | null }[] = await this.q.query(`SELECT max(finished_at) AS last FROM reconciliation_runs`);
    return last;
  }
}
