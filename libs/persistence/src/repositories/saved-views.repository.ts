import type { DataSource, EntityManager } from 'typeorm';
import { SavedViewEntity } from '../entities/saved-view.entity';

/** A saved view as its owner reads it. */
export type SavedView = Pick<SavedViewEntity, 'id' | 'name' | 'filters' | 'createdAt'>;

/** Inbox views officers saved. Built over a DataSource or, inside a transaction, over that transaction's EntityManager. */
export class SavedViewsRepository {
  constructor(private readonly q: DataSource | EntityManager) {}

  private get rows() {
    return this.q.getRepository(SavedViewEntity);
  }

  /** The user's views, by name. */
  ofUser(userId: string): Promise<SavedView[]> {
    return this.rows.find({ select: { id: true, name: true, filters: true, createdAt: true }, where: { userId }, order: { name: 'ASC' } });
  }

  /**
   * Saves a view unless the user already has `max`; null when they have. A name the user already
   * uses violates saved_views_user_name.
   */
  async addWithin(max: number, v: { userId: string; name: string; filters: Record<string, unknown> }): Promise<SavedView | null> {
    // INSERT … SELECT: the limit is checked in the same statement that inserts.
    const rows: SavedView[] = await this.q.query(
      `INSERT INTO saved_views (user_id, name, filters)
       SELECT $1, $2, $3 WHERE (SELECT count(*) FROM saved_views WHERE user_id = $1) < $4
       RETURNING id, name, filters, created_at AS "createdAt"`,
      [v.userId, v.name, JSON.stringify(v.filters), max],
    );
    return rows[0] ?? null;
  }

  /** Deletes the user's view; false when they have no such view. */
  async removeOwn(id: string, userId: string): Promise<boolean> {
    const r = await this.rows.delete({ id, userId });
    return (r.affected ?? 0) > 0;
  }
}
