import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import type { Actor } from '@app/contracts';
import { AuditRepository, CasesRepository, NotificationsRepository, TasksRepository } from '@app/persistence';
import { ApiError } from '../common/api-error.exception';
import type { NotificationsQuery } from './notifications.dto';

@Injectable()
export class NotificationsService {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** The caller's own notifications, newest first, with how many are unread. */
  async list(actor: Actor, q: NotificationsQuery) {
    const page = q.page ?? 1;
    const pageSize = q.pageSize ?? 20;
    const unread = q.unread ? q.unread === 'true' : undefined;
    const notifications = new NotificationsRepository(this.db);
    const [items, counts] = await Promise.all([
      notifications.page(actor.userId, unread, pageSize, (page - 1) * pageSize),
      notifications.counts(actor.userId, unread),
    ]);
    return { items, total: counts.total, unreadCount: counts.unread, page, pageSize };
  }

  /** Marks one of the caller's notifications read (the first reading counts); anyone else's is a 404. */
  async markRead(actor: Actor, id: string) {
    return this.db.transaction(async (m) => {
      const notifications = new NotificationsRepository(m);
      const n = await notifications.markRead(id, actor.userId);
      if (n) {
        await new AuditRepository(m).record(actor, {
          eventKey: `notification-read:${n.id}`,
          regionCode: (await this.regionOf(m, n.taskId, n.caseId)) ?? actor.regionCode,
          caseId: n.caseId,
          taskId: n.taskId,
          action: 'notification_read',
          before: { readAt: null },
          after: { readAt: n.readAt.toISOString(), kind: n.kind },
        });
      }
      const view = await notifications.findOwn(id, actor.userId);
      if (!view) throw ApiError.notFound('Notification');
      return view;
    });
  }

  /** The region of the notification's task, else of its case. */
  private regionOf(m: EntityManager, taskId: string | null, caseId: string | null): Promise<string | null> {
    if (taskId) return new TasksRepository(m).regionOf(taskId);
    if (caseId) return new CasesRepository(m).regionOf(caseId);
    return Promise.resolve(null);
  }
}
