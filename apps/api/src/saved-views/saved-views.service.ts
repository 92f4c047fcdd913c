import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import type { Actor } from '@app/contracts';
import { isUniqueViolation, SavedViewsRepository } from '@app/persistence';
import { ApiError } from '../common/api-error.exception';
import type { CreateSavedViewDto, SavedViewView } from './saved-views.dto';

/** Enough for any officer's habits; stops a script from filling the table. */
export const SAVED_VIEWS_MAX = 50;

@Injectable()
export class SavedViewsService {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** The caller's own views, by name. */
  list(actor: Actor): Promise<SavedViewView[]> {
    return new SavedViewsRepository(this.db).ofUser(actor.userId) as Promise<SavedViewView[]>;
  }

  async create(actor: Actor, dto: CreateSavedViewDto): Promise<SavedViewView> {
    const filters = Object.fromEntries(Object.entries(dto.filters).filter(([, v]) => v !== undefined));
    try {
      const view = await new SavedViewsRepository(this.db).addWithin(SAVED_VIEWS_MAX, {
        userId: actor.userId,
        name: dto.name.trim(),
        filters,
      });
      if (!view) throw ApiError.field('VALIDATION_FAILED', 'name', `每人最多保存 ${SAVED_VIEWS_MAX} 个视图`);
      return view as SavedViewView;
    } catch (err) {
      if (isUniqueViolation(err, 'saved_views_user_name')) throw ApiError.field('CONFLICT', 'name', '您已有同名的视图');
      throw err;
    }
  }

  /** Deletes one of the caller's views; anyone else's is a 404. */
  async remove(actor: Actor, id: string): Promise<void> {
    if (!(await new SavedViewsRepository(this.db).removeOwn(id, actor.userId))) throw ApiError.notFound('Saved view');
  }
}
