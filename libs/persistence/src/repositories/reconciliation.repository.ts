import { In, IsNull, type DataSource, type EntityManager } from 'typeorm';
import { TaskEntity } from '../entities';

/** An open case as reconciliation checks it against its workflow. */
export interface OpenCaseToReconcile {
  id: string;
  region_code: string;
  /** Its open tasks older than the grace period; null when none. */
  open_task_ids: string[] | null;
  /** In the application phase (not paid, not waiting for a date): a task should be open. */
  awaits_decision: boolean;
}

/** What a run found wrong with a case (texts already masked and cut short by the caller). */
export interface FindingToRecord {
  caseId: string;
  regionCode: string;
  kind: string;
  subject: string;
  reason: string;
}

/**
 * Reconciliation runs and their findings, and the reads that compare PostgreSQL with Temporal.
 * Times are the database's clock_timestamp(): a run resolves what it did not see again since it
 * started. Built over a DataSource or, inside a transaction, over that transaction's EntityManager.
 */
export class ReconciliationRepository {
  constructor(private readonly q: DataSource | EntityManager) {}

  /** Records a run as started; answers its start time. */
  async startRun(runId: string): Promise<Date> {
    const [{ started }]: { started: Date }[] = await this.q.query(
      `INSERT INTO reconciliation_runs (id, started_at) VALUES ($1, clock_timestamp()) RETURNING started_at AS started`,
      [runId],
    );
    return started;
  }

  /**
   * One page (200, by id after `afterId`) of cases open in `statuses` whose workflow start was
   * confirmed (the others are the start sweep's business), limited to `caseIds` when given.
   */
  openCasesPage(
    statuses: readonly string[],
    afterId: string,
    graceSeconds: number,
    caseIds: string[] | null,
  ): Promise<OpenCaseToReconcile[]> {
    // Per-case aggregates over tasks: plain SQL.
    return this.q.query(
      `SELECT c.id, c.region_code,
              (SELECT array_agg(t.id) FROM tasks t
                WHERE t.case_id = c.id AND t.completed_at IS NULL AND t.created_at < now() - make_interval(secs => $3)) AS open_task_ids,
              (c.status IN ('in_progress', 'paused', 'needs_attention')
                AND NOT EXISTS (SELECT 1 FROM tasks t WHERE t.case_id = c.id AND t.completed_at IS NULL)) AS awaits_decision
         FROM cases c
        WHERE c.status = ANY($1::varchar[]) AND c.workflow_started_at IS NOT NULL AND c.id > $2
          AND ($4::uuid[] IS NULL OR c.id = ANY($4::uuid[]))
        ORDER BY c.id LIMIT 200`,
      [statuses, afterId, graceSeconds, caseIds],
    );
  }

  /** Of these tasks, the ones still open (read again just before a finding is made). */
  async stillOpen(taskIds: string[]): Promise<{ id: string; step: string }[]> {
    return this.q.getRepository(TaskEntity).find({ select: { id: true, step: true }, where: { id: In(taskIds), completedAt: IsNull() } });
  }

  /** Of these tasks, the ones that exist, each with whether it was completed more than `graceSeconds` ago. */
  completedLongAgo(taskIds: string[], graceSeconds: number): Promise<{ id: string; done_long_ago: boolean | null }[]> {
    return this.q.query(
      `SELECT id, completed_at < now() - make_interval(secs => $2) AS done_long_ago FROM tasks WHERE id = ANY($1::uuid[])`,
      [taskIds, graceSeconds],
    );
  }

  /** Records a finding, or refreshes the open one of the same case, kind and subject. */
  async recordFinding(f: FindingToRecord): Promise<void> {
    // An upsert against a partial unique index: plain SQL.
    await this.q.query(
      `INSERT INTO reconciliation_findings (case_id, region_code, kind, subject, reason, last_seen_at)
       VALUES ($1,$2,$3,$4,$5, clock_timestamp())
       ON CONFLICT (case_id, kind, subject) WHERE resolved_at IS NULL
       DO UPDATE SET reason = EXCLUDED.reason, last_seen_at = EXCLUDED.last_seen_at, region_code = EXCLUDED.region_code`,
      [f.caseId, f.regionCode, f.kind, f.subject.slice(0, 100), f.reason.slice(0, 500)],
    );
  }

  /** Resolves the open findings (of `caseIds` when given) not seen again since `since`. */
  async resolveUnseenSince(since: Date, caseIds: string[] | null): Promise<void> {
    await this.q.query(
      `UPDATE reconciliation_findings SET resolved_at = clock_timestamp()
        WHERE resolved_at IS NULL AND last_seen_at < $1 AND ($2::uuid[] IS NULL OR case_id = ANY($2::uuid[]))`,
      [since, caseIds],
    );
  }

  async openFindings(): Promise<number> {
    const [{ open }]: { open: number }[] = await this.q.query(
      `SELECT count(*)::int AS open FROM reconciliation_findings WHERE resolved_at IS NULL`,
    );
    return open;
  }

  async finishRun(runId: string, checkedCases: number, openFindings: number): Promise<void> {
    await this.q.query(
      `UPDATE reconciliation_runs SET finished_at = clock_timestamp(), checked_cases = $2, open_findings = $3 WHERE id = $1`,
      [runId, checkedCases, openFindings],
    );
  }
}
