import type { DataSource, EntityManager } from 'typeorm';

export type NotificationKind = 'task_assigned' | 'task_unassigned';

/**
 * Writes a notification in the caller's transaction. One row per (user, task, kind, level): telling
 * the same person the same thing again refreshes it and marks it unread.
 */
export async function notifyUser(
  m: EntityManager,
  n: { userId: string; kind: NotificationKind; caseId: string; taskId: string; message: string },
): Promise<void> {
  await m.query(
    `INSERT INTO notifications (user_id, kind, case_id, task_id, level, message)
     VALUES ($1, $2, $3, $4, 0, $5)
     ON CONFLICT (user_id, task_id, kind, level) DO UPDATE SET message = EXCLUDED.message, created_at = now(), read_at = NULL`,
    [n.userId, n.kind, n.caseId, n.taskId, n.message],
  );
}

/** Of these regions, those with an active supervisor. */
export async function regionsWithSupervisors(m: DataSource | EntityManager, regions: string[]): Promise<string[]> {
  const rows: { region_code: string }[] = await m.query(
    `SELECT DISTINCT region_code FROM users WHERE role = 'supervisor' AND active AND region_code = ANY($1)`,
    [regions],
  );
  return rows.map((r) => r.region_code);
}

/** Tells the active supervisors of `region` a task is overdue at `level` (once per user, task and level). */
export async function notifyOverdue(
  m: DataSource | EntityManager,
  n: { region: string; caseId: string; taskId: string; level: number; message: string; at: string },
): Promise<void> {
  await m.query(
    `INSERT INTO notifications (user_id, kind, case_id, task_id, level, message, created_at)
     SELECT id, 'task_overdue', $2, $3, $4, $5, $6 FROM users WHERE role = 'supervisor' AND active AND region_code = $1
     ON CONFLICT (user_id, task_id, kind, level) DO NOTHING`,
    [n.region, n.caseId, n.taskId, n.level, n.message, n.at],
  );
}

/** Tells the supervisors of the nearest of `ancestry` that has any that a case needs a person. */
export async function notifyCaseNeedsAttention(
  m: DataSource | EntityManager,
  n: { ancestry: string[]; caseId: string; taskId: string | null; message: string; at: string },
): Promise<void> {
  await m.query(
    `INSERT INTO notifications (user_id, kind, case_id, task_id, level, message, created_at)
     SELECT u.id, 'case_needs_attention', $2, $3, 0, $4, $5 FROM users u
      WHERE u.role = 'supervisor' AND u.active
        AND u.region_code = (SELECT s.region_code FROM users s WHERE s.role = 'supervisor' AND s.active AND s.region_code = ANY($1)
                              ORDER BY length(s.region_code) DESC LIMIT 1)
     ON CONFLICT (user_id, task_id, kind, level) DO NOTHING`,
    [n.ancestry, n.caseId, n.taskId, n.message, n.at],
  );
}
