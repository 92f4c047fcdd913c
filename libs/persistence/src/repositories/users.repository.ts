import { In, type DataSource, type EntityManager, type SelectQueryBuilder } from 'typeorm';
import type { Role } from '@app/contracts/roles';
import { RegionEntity } from '../entities/region.entity';
import { UserEntity } from '../entities/user.entity';
import { inRegionSubtree, regionCovers } from '../region-scope';

/** A user as the administration pages list them, with the region's name; never the password hash. */
export interface UserListing {
  id: string;
  username: string;
  displayName: string;
  role: Role;
  regionCode: string;
  regionName: string;
  active: boolean;
  createdAt: Date;
}

export interface UserListFilter {
  /** The region subtree the users sit in. */
  scope: string;
  role?: Role;
  active?: boolean;
}

/** Users (accounts). Built over a DataSource or, inside a transaction, over that transaction's EntityManager. */
export class UsersRepository {
  constructor(private readonly q: DataSource | EntityManager) {}

  private get rows() {
    return this.q.getRepository(UserEntity);
  }

  /** The active account with this id or username (with its password hash, for signing in), or null. */
  findActive(by: { id: string } | { username: string }): Promise<UserEntity | null> {
    return this.rows.findOne({ where: { ...by, active: true } });
  }

  /** The account with this id, or null. */
  findById(id: string): Promise<UserEntity | null> {
    return this.rows.findOne({ where: { id } });
  }

  /** One page of users, by region then username, and how many match. */
  async page(filter: UserListFilter, limit: number, offset: number): Promise<{ rows: UserListing[]; total: number }> {
    const qb = this.rows.createQueryBuilder('u').where(inRegionSubtree('u.region_code', ':scope'), { scope: filter.scope });
    if (filter.role) qb.andWhere('u.role = :role', { role: filter.role });
    if (filter.active !== undefined) qb.andWhere('u.active = :active', { active: filter.active });
    const [total, rows] = await Promise.all([
      qb.getCount(),
      withRegionName(qb.clone()).orderBy('u.regionCode').addOrderBy('u.username').limit(limit).offset(offset).getRawMany<UserListing>(),
    ]);
    return { rows, total };
  }

  /** The user if they sit within the region subtree `scope`, else null. */
  async findWithin(userId: string, scope: string): Promise<UserListing | null> {
    const row = await withRegionName(this.rows.createQueryBuilder('u'))
      .where('u.id = :userId', { userId })
      .andWhere(inRegionSubtree('u.region_code', ':scope'), { scope })
      .getRawOne<UserListing>();
    return row ?? null;
  }

  /** Whether a username is taken, whatever its case (`username` is lower-case). */
  usernameTaken(username: string): Promise<boolean> {
    return this.rows.createQueryBuilder('u').where('lower(u.username) = :username', { username }).getExists();
  }

  async insert(u: Pick<UserEntity, 'id' | 'username' | 'passwordHash' | 'displayName' | 'role' | 'regionCode'>): Promise<void> {
    await this.rows.insert(u);
  }

  /** Deactivates the account; false when it was already inactive (or does not exist). */
  async deactivate(userId: string): Promise<boolean> {
    const r = await this.rows.update({ id: userId, active: true }, { active: false });
    return (r.affected ?? 0) > 0;
  }

  /** Sets a new password hash; every token issued before stops working. */
  async setPassword(userId: string, passwordHash: string): Promise<void> {
    await this.rows.update({ id: userId }, { passwordHash, tokenVersion: () => 'token_version + 1' });
  }

  /** Ends every session of the user: answers their region, or null when there is no such user. */
  async revokeTokens(userId: string): Promise<string | null> {
    const r = await this.rows
      .createQueryBuilder()
      .update()
      .set({ tokenVersion: () => 'token_version + 1' })
      .where('id = :userId', { userId })
      // Named by property; the row comes back with the column name.
      .returning(['regionCode'])
      .execute();
    const rows = r.raw as { region_code: string }[];
    return rows[0]?.region_code ?? null;
  }

  /** Whether the user may still act, and which tokens are still good; null when there is no such user. */
  session(userId: string): Promise<Pick<UserEntity, 'active' | 'tokenVersion'> | null> {
    return this.rows.findOne({ select: { active: true, tokenVersion: true }, where: { id: userId } });
  }

  /** The users with these ids (unknown ids are left out): who they are, for labels. */
  named(ids: string[]): Promise<Pick<UserEntity, 'id' | 'displayName' | 'role'>[]> {
    return this.rows.find({ select: { id: true, displayName: true, role: true }, where: { id: In(ids) } });
  }

  /** Active users of `role` whose region contains `regionCode` (those a task there may be given to), by name. */
  candidates(role: Role, regionCode: string): Promise<Pick<UserEntity, 'id' | 'displayName' | 'role' | 'regionCode'>[]> {
    return this.rows
      .createQueryBuilder('u')
      .select(['u.id', 'u.displayName', 'u.role', 'u.regionCode'])
      .where('u.active AND u.role = :role', { role })
      .andWhere(regionCovers('u.region_code', ':regionCode'), { regionCode })
      .orderBy('u.displayName')
      .getMany();
  }
}

/** The listing's columns, with the region's name (never password_hash). */
function withRegionName(qb: SelectQueryBuilder<UserEntity>): SelectQueryBuilder<UserEntity> {
  return qb
    .innerJoin(RegionEntity, 'r', 'r.code = u.regionCode')
    .select('u.id', 'id')
    .addSelect('u.username', 'username')
    .addSelect('u.displayName', 'displayName')
    .addSelect('u.role', 'role')
    .addSelect('u.regionCode', 'regionCode')
    .addSelect('r.name', 'regionName')
    .addSelect('u.active', 'active')
    .addSelect('u.createdAt', 'createdAt');
}
