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
  await m.query(
    `INSERT INTO audit_log (at, event_key, actor_id, actor_role, actor_name, region_code, case_id, task_id, step, action, before, after, reason)
     VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13)
     ON CONFLICT (event_key) DO NOTHING`,
    [
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
    ],
  );
}
