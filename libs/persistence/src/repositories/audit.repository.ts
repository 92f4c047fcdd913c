import type { DataSource, EntityManager } from 'typeorm';
import type { Actor } from '@app/contracts/roles';
import { appendAudit, auditInsert, SYSTEM_ACTOR, type AuditRecord } from '../audit';

/** An audit entry without its actor: the repository fills those columns from the `Actor`. */
export type AuditEntry = Omit<AuditRecord, 'actorId' | 'actorRole' | 'actorName'>;

/** The actor columns of an audit entry: a signed-in user, or the system itself (timers, schedules) when null. */
export function auditActor(actor: Actor | null | undefined): Pick<AuditRecord, 'actorId' | 'actorRole' | 'actorName'> {
  return actor ? { actorId: actor.userId, actorRole: actor.role, actorName: actor.displayName } : { ...SYSTEM_ACTOR };
}

/**
 * The audit log (append-only, idempotent per event key). Built over a DataSource or, inside a
 * transaction, over that transaction's EntityManager so the entry commits with the change.
 */
export class AuditRepository {
  constructor(private readonly q: DataSource | EntityManager) {}

  /** Appends an entry by `actor` (null: the system); the same event key twice writes one row. */
  record(actor: Actor | null | undefined, entry: AuditEntry): Promise<void> {
    return appendAudit(this.q, { ...entry, ...auditActor(actor) });
  }

  /**
   * Runs `write` (one data-modifying statement with RETURNING, parameters `$1…`) and appends the
   * entry in the same statement: one round trip instead of two. `also` are further data-modifying
   * statements of the same statement; they may read what `write` returns as `w`. Answers the rows
   * `write` returns. All parts see the same snapshot (PostgreSQL's data-modifying WITH).
   */
  async recordWith<T>(
    actor: Actor | null | undefined,
    entry: AuditEntry,
    write: string,
    params: unknown[],
    also: string[] = [],
  ): Promise<T[]> {
    return this.statement(auditInsert({ ...entry, ...auditActor(actor) }, params.length + 1), write, params, also);
  }

  /**
   * As `recordWith`, but the entry is appended only if `write` changed a row (it must return the
   * row's `region_code`, which the entry takes): a conditional write and its audit in one statement.
   * `rowJson` adds to the entry's `before` / `after` what the written row returned (jsonb over `w`).
   */
  async recordIfWritten<T extends { region_code: string }>(
    actor: Actor | null | undefined,
    entry: Omit<AuditEntry, 'regionCode'>,
    write: string,
    params: unknown[],
    also: string[] = [],
    rowJson: { before?: string; after?: string } = {},
  ): Promise<T[]> {
    return this.statement(
      auditInsert({ ...entry, regionCode: null, ...auditActor(actor) }, params.length + 1, 'w', rowJson),
      write,
      params,
      also,
    );
  }

  private async statement<T>(audit: { sql: string; params: unknown[] }, write: string, params: unknown[], also: string[]): Promise<T[]> {
    const parts = [`w AS (${write})`, ...also.map((sql, i) => `also${i} AS (${sql})`), `audit AS (${audit.sql})`];
    return this.q.query(`WITH ${parts.join(',\n')}\nSELECT * FROM w`, [...params, ...audit.params]) as Promise<T[]>;
  }

  /** Whether an entry with this event key was written (an idempotent step already ran). */
  async has(eventKey: string): Promise<boolean> {
    const rows: unknown[] = await this.q.query('SELECT 1 FROM audit_log WHERE event_key = $1', [eventKey]);
    return rows.length > 0;
  }

  /** A case's history, oldest first (the timeline orders by time, then id). */
  async ofCase(caseId: string): Promise<Record<string, unknown>[]> {
    const rows: Record<string, unknown>[] = await this.q.query(
      `SELECT id, at, action, step, task_id AS "taskId", actor_id AS "actorId", actor_role AS "actorRole", actor_name AS "actorName",
              before, after, reason FROM audit_log WHERE case_id = $1 ORDER BY at, id`,
      [caseId],
    );
    return rows.map((r) => ({ ...r, id: Number(r.id) }));
  }
}
