import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import type { Actor } from '@app/contracts';
import { AuditRepository } from '@app/persistence';
import { ApiError } from '../common/api-error.exception';
import { SqlFilter, updateReturning } from '../tasks/task-read-model';
import type { NotificationsQuery } from './notifications.dto';

const COLUMNS = `n.id, n.kind, n.case_id AS "caseId", c.case_no AS "caseNo", n.task_id AS "taskId", n.level, n.message,
                 n.created_at AS "createdAt", n.read_at AS "readAt"`;

@Injectable()
export class NotificationsService {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** The caller's own notifications, newest first, with how many are unread. */
  async list(actor: Actor, q: NotificationsQuery) {
    const page = q.page ?? 1;
    const pageSize = q.pageSize ?? 20;
    const f = new SqlFilter();
    f.and(`n.user_id = ${f.param(actor.userId)}`);
    if (q.unread) f.and(q.unread === 'true' ? 'n.read_at IS NULL' : 'n.read_at IS NOT NULL');
    const [items, [{ total, unread }]] = await Promise.all([
      this.db.query(
        `SELECT ${COLUMNS} FROM notifications n LEFT JOIN cases c ON c.id = n.case_id
          WHERE ${f.sql} ORDER BY n.created_at DESC, n.id DESC LIMIT ${pageSize} OFFSET ${(page - 1) * pageSize}`,
        f.params,
      ) as Promise<Record<string, unknown>[]>,
      this.db.query(
        `SELECT count(*) FILTER (WHERE ${f.sql}) AS total, count(*) FILTER (WHERE n.read_at IS NULL) AS unread
           FROM notifications n WHERE n.user_id = $1`,
        f.params,
      ) as Promise<{ total: string; unread: string }[]>,
    ]);
    return { items, total: Number(total), unreadCount: Number(unread), page, pageSize };
  }

  /** Marks one of the caller's notifications read (the first reading counts); anyone else's is a 404. */
  async markRead(actor: Actor, id: string) {
    return this.db.transaction(async (m) => {
      const changed = await updateReturning<{ id: string; case_id: string | null; task_id: string | null; kind: string; read_at: Date }>(
        m,
        `UPDATE notifications SET read_at = now() WHERE id = $1 AND user_id = $2 AND read_at IS NULL
         RETURNING id, case_id, task_id, kind, read_at`,
        [id, actor.userId],
      );
      if (changed.length === 1) {
        const n = changed[0];
        await new AuditRepository(m).record(actor, {
          eventKey: `notification-read:${n.id}`,
          regionCode: await this.regionOf(m, n.task_id, n.case_id, actor.regionCode),
          caseId: n.case_id,
          taskId: n.task_id,
          action: 'notification_read',
          before: { readAt: null },
          after: { readAt: n.read_at.toISOString(), kind: n.kind },
        });
      }
      const rows: Record<string, unknown>[] = await m.query(
        `SELECT ${COLUMNS} FROM notifications n LEFT JOIN cases c ON c.id = n.case_id WHERE n.id = $1 AND n.user_id = $2`,
        [id, actor.userId],
      );
      if (rows.length === 0) throw ApiError.notFound('Notification');
      return rows[0];
    });
  }

  private async regionOf(m: EntityManager, taskId: string | null, caseId: string | null, fallback: string): Promise<string> {
    const rows: { region_code: string }[] = taskId
      ? await m.query('SELECT region_code FROM tasks WHERE id = $1', [taskId])
      : caseId
        ? await m.query('SELECT region_code FROM cases WHERE id = $1', [caseId])
        : [];
    return rows[0]?.region_code ?? fallback;
  }
}
