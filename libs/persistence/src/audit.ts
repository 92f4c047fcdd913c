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
 * `region_code`; `rowJson` adds to `before` / `after` what that row holds (a jsonb expression over
 * the row, merged over the given object), for values only the statement itself reads.
 */
export function auditInsert(
  r: AuditRecord,
  first: number,
  perRowOf?: string,
  rowJson: { before?: string; after?: string } = {},
): { sql: string; params: unknown[] } {
  const fields: [column: string, value: unknown][] = [
    ['at', r.at ?? new Date()],
    ['event_key', r.eventKey],
    ['actor_id', r.actorId],
    ['actor_role', r.actorRole],
    ['actor_name', r.actorName],
    ['region_code', r.regionCode],
    ['case_id', r.caseId],
    ['task_id', r.taskId ?? null],
    ['step', r.step ?? null],
    ['action', r.action],
    ['before', r.before ? JSON.stringify(r.before) : null],
    ['after', r.after ? JSON.stringify(r.after) : null],
    ['reason', r.reason ?? null],
  ];
  const columns = fields.map(([column]) => column).join(', ');
  const params: unknown[] = [];
  // Per row of `perRowOf`, the region is that row's: a column of the statement, not a parameter.
  const values = fields.map(([column, value]) => {
    if (perRowOf !== undefined && column === 'region_code') return `${perRowOf}.region_code`;
    params.push(value);
    const param = `$${first + params.length - 1}`;
    const fromRow = perRowOf !== undefined && (column === 'before' || column === 'after') ? rowJson[column] : undefined;
    return fromRow ? `COALESCE(${param}::jsonb, '{}'::jsonb) || ${fromRow}` : param;
  });
  if (perRowOf !== undefined) {
    return {
      sql: `INSERT INTO audit_log (${columns}) SELECT ${values.join(',')} FROM ${perRowOf} ON CONFLICT (event_key) DO NOTHING`,
      params,
    };
  }
  return {
    sql: `INSERT INTO audit_log (${columns})
     VALUES (${values.join(',')})
     ON CONFLICT (event_key) DO NOTHING`,
    params,
  };
}
