import type { DataSource, EntityManager } from 'typeorm';

export interface AuditRecord {
  /** Idempotency key: the same key twice writes one row (activities retry; updates replay). */
  eventKey: string;
  at?: Date;
  actorId: string | null;
  actorRole: string;
  actorName: string;
  regionCode: string | null;
  caseId: string | null;
  taskId?: string | null;
  step?: string | null;
  action: string;
  before?: Record<string, unknown> | null;
  after?: Record<string, unknown> | null;
  reason?: string | null;
}

/** The system itself as an actor (timers, schedules). */
export const SYSTEM_ACTOR = { actorId: null, actorRole: 'system', actorName: '系统' } as const;

export async function appendAudit(m: DataSource | EntityManager, r: AuditRecord): Promise<void> {
  const { sql, params } = auditInsert(r, 1);
  await m.query(sql, params);
}

/**
 * The INSERT of an audit row, its parameters numbered from `$first`: for a write that appends its
 * entry in the same statement (AuditRepository.recordWith). With `perRowOf`, one row for each row
 * the named part of the statement returns (none when it returns none), its region from that row's
 * `region_code`.
 */
export function auditInsert(r: AuditRecord, first: number, perRowOf?: string): { sql: string; params: unknown[] } {
  const params = [
    r.at ?? new Date(),
    r.eventKey,
    r.actorId,
    r.actorRole,
    r.actorName,
    r.regionCode,
    r.caseId,
    r.taskId ?? null,
    r.step ?? null,
    r.action,
    r.before ? JSON.stringify(r.before) : null,
    r.after ? JSON.stringify(r.after) : null,
    r.reason ?? null,
  ];
  const columns = 'at, event_key, actor_id, actor_role, actor_name, region_code, case_id, task_id, step, action, before, after, reason';
  if (perRowOf !== undefined) {
    const REGION = 5;
    const kept = params.filter((_, i) => i !== REGION);
    const values = kept.map((_, i) => `$${first + i}`);
    values.splice(REGION, 0, `${perRowOf}.region_code`);
    return {
      sql: `INSERT INTO audit_log (${columns}) SELECT ${values.join(',')} FROM ${perRowOf} ON CONFLICT (event_key) DO NOTHING`,
      params: kept,
    };
  }
  const values = params.map((_, i) => `$${first + i}`).join(',');
  return {
    sql: `INSERT INTO audit_log (${columns})
     VALUES (${values})
     ON CONFLICT (event_key) DO NOTHING`,
    params,
  };
}
