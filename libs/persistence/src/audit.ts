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
 * entry in the same statement (AuditRepository.recordWith).
 */
export function auditInsert(r: AuditRecord, first: number): { sql: string; params: unknown[] } {
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
  const values = params.map((_, i) => `$${first + i}`).join(',');
  return {
    sql: `INSERT INTO audit_log (at, event_key, actor_id, actor_role, actor_name, region_code, case_id, task_id, step, action, before, after, reason)
     VALUES (${values})
     ON CONFLICT (event_key) DO NOTHING`,
    params,
  };
}
