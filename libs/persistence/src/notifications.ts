import type { EntityManager } from 'typeorm';

export type NotificationKind = 'task_assigned' | 'task_unassigned' | 'decision_rejected';

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
