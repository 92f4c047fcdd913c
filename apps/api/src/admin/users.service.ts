import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { FIELD_PROBLEMS_ZH, ROLE_LABELS, type Actor, type Role } from '@app/contracts';
import { isWithinRegion } from '@app/domain/access';
import { isUniqueViolation, AuditRepository, RegionsRepository, UsersRepository, type UserListing } from '@app/persistence';
import { hashPassword } from '@app/runtime';
import { AuthService } from '../auth/auth.service';
import { ApiError } from '../common/api-error.exception';
import type { CreateUserDto, ListUsersQuery, UserView } from './users.dto';

/** Which region levels a role may be given. A township officer works one township's cases; the others may sit anywhere. */
const LEVELS_FOR_ROLE: Record<Role, readonly string[]> = {
  township_officer: ['township'],
  county_officer: ['county', 'township', 'village'],
  assessor: ['county', 'township', 'village'],
  supervisor: ['county', 'township', 'village'],
  admin: ['county', 'township', 'village'],
};

const REGION_LEVEL_ZH: Record<string, string> = { county: '县级区划', township: '乡镇(街道)', village: '村(居)' };

@Injectable()
export class UsersService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly auth: AuthService,
  ) {}

  /** Ends every session of a user in your subtree (a lost phone, a leaked token): their tokens stop working at once. Audited. */
  async revokeSessions(actor: Actor, userId: string): Promise<UserView> {
    const user = await this.findScoped(actor, userId);
    await this.auth.revoke(actor, userId);
    return user;
  }

  async list(actor: Actor, q: ListUsersQuery) {
    const page = q.page ?? 1;
    const pageSize = q.pageSize ?? 50;
    if (q.regionCode && !isWithinRegion(actor.regionCode, q.regionCode)) return { items: [], total: 0, page, pageSize };
    const { rows, total } = await new UsersRepository(this.db).page(
      { scope: q.regionCode ?? actor.regionCode, role: q.role, active: q.active === undefined ? undefined : q.active === 'true' },
      pageSize,
      (page - 1) * pageSize,
    );
    return { items: rows.map(present), total, page, pageSize };
  }

  async create(actor: Actor, dto: CreateUserDto): Promise<UserView> {
    const level = isWithinRegion(actor.regionCode, dto.regionCode) ? await new RegionsRepository(this.db).levelOf(dto.regionCode) : null;
    if (level === null) throw ApiError.field('UNKNOWN_REGION', 'regionCode', FIELD_PROBLEMS_ZH.notAdministeredRegion);
    if (!LEVELS_FOR_ROLE[dto.role].includes(level)) {
      throw ApiError.field(
        'VALIDATION_FAILED',
        'regionCode',
        `${ROLE_LABELS[dto.role]}应属于乡镇(街道)(9 位区划代码),不能是${REGION_LEVEL_ZH[level] ?? level}`,
      );
    }
    if (dto.password.toLowerCase().includes(dto.username)) {
      throw ApiError.field('VALIDATION_FAILED', 'password', '不能包含用户名');
    }
    if (await new UsersRepository(this.db).usernameTaken(dto.username)) throw usernameTaken();

    const passwordHash = await hashPassword(dto.password);
    const id = randomUUID();
    try {
      await this.db.transaction(async (m) => {
        await new UsersRepository(m).insert({
          id,
          username: dto.username,
          passwordHash,
          displayName: dto.displayName.trim(),
          role: dto.role,
          regionCode: dto.regionCode,
        });
        await new AuditRepository(m).record(actor, {
          eventKey: `user-created:${id}`,
          regionCode: dto.regionCode,
          caseId: null,
          action: 'user_created',
          after: { userId: id, username: dto.username, displayName: dto.displayName.trim(), role: dto.role, regionCode: dto.regionCode },
        });
      });
    } catch (err) {
      if (isUniqueViolation(err)) throw usernameTaken();
      throw err;
    }
    return this.findScoped(actor, id);
  }

  /**
   * Deactivates an account: it can no longer log in. Repeating it changes nothing. Nobody can
   * deactivate themselves, so an office always keeps the admin who did it.
   */
  async deactivate(actor: Actor, userId: string): Promise<UserView> {
    const user = await this.findScoped(actor, userId);
    if (user.id === actor.userId) throw ApiError.field('CONFLICT', 'id', '不能停用您自己的账号');
    if (!user.active) return user;
    await this.db.transaction(async (m) => {
      if (!(await new UsersRepository(m).deactivate(userId))) return;
      await new AuditRepository(m).record(actor, {
        eventKey: `user-deactivated:${userId}:${randomUUID()}`,
        regionCode: user.regionCode,
        caseId: null,
        action: 'user_deactivated',
        before: { active: true },
        after: { userId, username: user.username, active: false },
      });
    });
    return this.findScoped(actor, userId);
  }

  private async findScoped(actor: Actor, userId: string): Promise<UserView> {
    const user = await new UsersRepository(this.db).findWithin(userId, actor.regionCode);
    if (!user) throw ApiError.notFound('User');
    return present(user);
  }
}

function usernameTaken(): ApiError {
  return ApiError.field('CONFLICT', 'username', '该用户名已被使用');
}

function present(r: UserListing): UserView {
  return { ...r, roleLabel: ROLE_LABELS[r.role] };
}
