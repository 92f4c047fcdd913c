import type { DataSource, EntityManager, SelectQueryBuilder } from 'typeorm';
import { CaseEntity } from '../entities/case.entity';
import { NotificationEntity } from '../entities/notification.entity';

/** A notification as its recipient reads it, with the case's number. */
export interface NotificationView {
  id: string;
  kind: string;
  caseId: string | null;
  caseNo: string | null;
  taskId: string | null;
  level: number;
  message: string;
  createdAt: Date;
  readAt: Date | null;
}

/** What marking a notification read changed. */
export type NotificationRead = Pick<NotificationEntity, 'id' | 'caseId' | 'taskId' | 'kind'> & { readAt: Date };

/** A user's notifications. Built over a DataSource or, inside a transaction, over that transaction's EntityManager. */
export class NotificationsRepository {
  constructor(private readonly q: DataSource | EntityManager) {}

  private get rows() {
    return this.q.getRepository(NotificationEntity);
  }

  /** One page of the user's notifications (only unread ones, or only read ones, when `unread` is given), newest first. */
  page(userId: string, unread: boolean | undefined, limit: number, offset: number): Promise<NotificationView[]> {
    const qb = this.view().where('n.userId = :userId', { userId });
    if (unread !== undefined) qb.andWhere(unread ? 'n.readAt IS NULL' : 'n.readAt IS NOT NULL');
    return qb.orderBy('n.createdAt', 'DESC').addOrderBy('n.id', 'DESC').limit(limit).offset(offset).getRawMany<NotificationView>();
  }

  /** How many of the user's notifications the page's filter matches, and how many are unread. */
  async counts(userId: string, unread: boolean | undefined): Promise<{ total: number; unread: number }> {
    const matching = unread === undefined ? 'true' : unread ? 'read_at IS NULL' : 'read_at IS NOT NULL';
    // Two counts in one pass over the user's rows: an aggregate reads plainest as SQL.
    const [row]: { total: number; unread: number }[] = await this.q.query(
      `SELECT count(*) FILTER (WHERE ${matching})::int AS total, count(*) FILTER (WHERE read_at IS NULL)::int AS unread
         FROM notifications WHERE user_id = $1`,
      [userId],
    );
    return row;
  }

  /** Marks the user's notification read; null when it is not theirs or was read already. */
  async markRead(id: string, userId: string): Promise<NotificationRead | null> {
    const result = await this.rows
      .createQueryBuilder()
      .update()
      .set({ readAt: () => 'now()' })
      .where('id = :id AND user_id = :userId AND read_at IS NULL', { id, userId })
      // Named by property; the rows come back with the column names.
      .returning(['id', 'caseId', 'taskId', 'kind', 'readAt'])
      .execute();
    const [r] = result.raw as { id: string; case_id: string | null; task_id: string | null; kind: string; read_at: Date }[];
    return r ? { id: r.id, caseId: r.case_id, taskId: r.task_id, kind: r.kind, readAt: r.read_at } : null;
  }

  /** The user's notification, or null when it is not theirs. */
  async findOwn(id: string, userId: string): Promise<NotificationView | null> {
    const row = await this.view().where('n.id = :id AND n.userId = :userId', { id, userId }).getRawOne<NotificationView>();
    return row ?? null;
  }

  private view(): SelectQueryBuilder<NotificationEntity> {
    return this.rows
      .createQueryBuilder('n')
      .leftJoin(CaseEntity, 'c', 'c.id = n.caseId')
      .select('n.id', 'id')
      .addSelect('n.kind', 'kind')
      .addSelect('n.caseId', 'caseId')
      .addSelect('c.caseNo', 'caseNo')
      .addSelect('n.taskId', 'taskId')
      .addSelect('n.level', 'level')
      .addSelect('n.message', 'message')
      .addSelect('n.createdAt', 'createdAt')
      .addSelect('n.readAt', 'readAt');
  }
}
