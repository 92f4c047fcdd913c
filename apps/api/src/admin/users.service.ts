import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { ROLE_LABELS, type Actor, type Role } from '@app/contracts';
import { isWithinRegion } from '@app/domain/access';
import { isUniqueViolation, updateReturning, AuditRepository, inRegionSubtree } from '@app/persistence';
import { hashPassword } from '@app/runtime';
import { AuthService } from '../auth/auth.service';
import { ApiError } from '../common/api-error.exception';
import type { CreateUserDto, ListUsersQuery, UserView } from './users.dto';

interface UserRow {
  id: string;
  username: string;
  display_name: string;
  role: Role;
  region_code: string;
  region_name: string;
  active: boolean;
  created_at: Date;
}

// Never selects password_hash: nothing here can leak it.
const USER_SELECT = `
  SELECT u.id, u.username, u.display_name, u.role, u.region_code, r.name AS region_name, u.active, u.created_at
    FROM users u JOIN regions r ON r.code = u.region_code`;

/** Which region levels a role may be given. A township officer works one township's cases; the others may sit anywhere. */
const LEVELS_FOR_ROLE: Record<Role, readonly string[]> = {
  township_officer: ['township'],
  county_officer: ['county', 'township', 'village'],
  assessor: ['county', 'township', 'village'],
  supervisor: ['county', 'township', 'village'],
  admin: ['county', 'township', 'village'],
};

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
    const where = [inRegionSubtree('u.region_code', '$1')];
    const params: unknown[] = [q.regionCode ?? actor.regionCode];
    if (q.role) {
      params.push(q.role);
      where.push(`u.role = $${params.length}`);
    }
    if (q.active) {
      params.push(q.active === 'true');
      where.push(`u.active = $${params.length}`);
    }
    const [{ total }]: { total: string }[] = await this.db.query(
      `SELECT count(*) AS total FROM users u WHERE ${where.join(' AND ')}`,
      params,
    );
    const rows: UserRow[] = await this.db.query(
      `${USER_SELECT} WHERE ${where.join(' AND ')} ORDER BY u.region_code, u.username LIMIT $${params.length + 1} OFFSET $${params.length + 2}`,
      [...params, pageSize, (page - 1) * pageSize],
    );
    return { items: rows.map(present), total: Number(total), page, pageSize };
  }

  async create(actor: Actor, dto: CreateUserDto): Promise<UserView> {
    const region: { level: string }[] = isWithinRegion(actor.regionCode, dto.regionCode)
      ? await this.db.query('SELECT level FROM regions WHERE code = $1', [dto.regionCode])
      : [];
    if (region.length === 0) throw ApiError.field('UNKNOWN_REGION', 'regionCode', 'is not a region you administer');
    if (!LEVELS_FOR_ROLE[dto.role].includes(region[0].level)) {
      throw ApiError.field(
        'VALIDATION_FAILED',
        'regionCode',
        `a ${dto.role} must belong to a township (9-digit code), not a ${region[0].level}`,
      );
    }
    if (dto.password.toLowerCase().includes(dto.username)) {
      throw ApiError.field('VALIDATION_FAILED', 'password', 'must not contain the username');
    }
    const taken: unknown[] = await this.db.query('SELECT 1 FROM users WHERE lower(username) = $1', [dto.username]);
    if (taken.length > 0) throw usernameTaken();

    const passwordHash = await hashPassword(dto.password);
    const id = randomUUID();
    try {
      await this.db.transaction(async (m) => {
        await m.query(`INSERT INTO users (id, username, password_hash, display_name, role, region_code) VALUES ($1,$2,$3,$4,$5,$6)`, [
          id,
          dto.username,
          passwordHash,
          dto.displayName.trim(),
          dto.role,
          dto.regionCode,
        ]);
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
    if (user.id === actor.userId) throw ApiError.field('CONFLICT', 'id', 'you cannot deactivate your own account');
    if (!user.active) return user;
    await this.db.transaction(async (m) => {
      const changed = await updateReturning<{ id: string }>(m, 'UPDATE users SET active = false WHERE id = $1 AND active RETURNING id', [
        userId,
      ]);
      if (changed.length === 0) return;
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
    const rows: UserRow[] = await this.db.query(`${USER_SELECT} WHERE u.id = $1 AND ${inRegionSubtree('u.region_code', '$2')}`, [
      userId,
      actor.regionCode,
    ]);
    if (rows.length === 0) throw ApiError.notFound('User');
    return present(rows[0]);
  }
}

function usernameTaken(): ApiError {
  return ApiError.field('CONFLICT', 'username', 'is already taken');
}

function present(r: UserRow): UserView {
  return {
    id: r.id,
    username: r.username,
    displayName: r.display_name,
    role: r.role,
    roleLabel: ROLE_LABELS[r.role],
    regionCode: r.region_code,
    regionName: r.region_name,
    active: r.active,
    createdAt: r.created_at,
  };
}
