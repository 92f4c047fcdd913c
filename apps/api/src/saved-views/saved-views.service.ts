import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import type { Actor } from '@app/contracts';
import { isUniqueViolation, updateReturning } from '@app/persistence';
import { ApiError } from '../common/api-error.exception';
import type { CreateSavedViewDto, SavedViewView } from './saved-views.dto';

const COLUMNS = `id, name, filters, created_at AS "createdAt"`;
/** Enough for any officer's habits; stops a script from filling the table. */
export const SAVED_VIEWS_MAX = 50;

@Injectable()
export class SavedViewsService {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** The caller's own views, by name. */
  list(actor: Actor): Promise<SavedViewView[]> {
    return this.db.query(`SELECT ${COLUMNS} FROM saved_views WHERE user_id = $1 ORDER BY name`, [actor.userId]);
  }

  async create(actor: Actor, dto: CreateSavedViewDto): Promise<SavedViewView> {
    const filters = Object.fromEntries(Object.entries(dto.filters).filter(([, v]) => v !== undefined));
    try {
      const rows: SavedViewView[] = await this.db.query(
        `INSERT INTO saved_views (user_id, name, filters)
         SELECT $1, $2, $3 WHERE (SELECT count(*) FROM saved_views WHERE user_id = $1) < ${SAVED_VIEWS_MAX}
         RETURNING ${COLUMNS}`,
        [actor.userId, dto.name.trim(), JSON.stringify(filters)],
      );
      if (rows.length === 0) throw ApiError.field('VALIDATION_FAILED', 'name', `at most ${SAVED_VIEWS_MAX} saved views per user`);
      return rows[0];
    } catch (err) {
      if (isUniqueViolation(err, 'saved_views_user_name'))
        throw ApiError.field('CONFLICT', 'name', 'you already have a view with this name');
      throw err;
    }
  }

  /** Deletes one of the caller's views; anyone else's is a 404. */
  async remove(actor: Actor, id: string): Promise<void> {
    // A DELETE through TypeORM answers [rows, count]: updateReturning reads the rows.
    const rows = await updateReturning(this.db, `DELETE FROM saved_views WHERE id = $1 AND user_id = $2 RETURNING id`, [id, actor.userId]);
    if (rows.length === 0) throw ApiError.notFound('Saved view');
  }
}
