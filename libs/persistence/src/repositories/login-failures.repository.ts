import type { DataSource, EntityManager } from 'typeorm';
import { LoginFailureEntity } from '../entities/login-failure.entity';

export type LoginFailureScope = LoginFailureEntity['scope'];

/** The failures and lock of one account or address. */
export type FailureState = Pick<LoginFailureEntity, 'failures' | 'lockedUntil'>;

/**
 * Failed-login records shared by every API process. Built over a DataSource or, inside a
 * transaction, over that transaction's EntityManager.
 */
export class LoginFailuresRepository {
  constructor(private readonly q: DataSource | EntityManager) {}

  private get rows() {
    return this.q.getRepository(LoginFailureEntity);
  }

  /** The lock ends (epoch ms, null: none) recorded for the account and for the address. */
  async lockEnds(account: string, address: string): Promise<(number | null)[]> {
    const rows = await this.rows.find({
      select: { lockedUntil: true },
      where: [
        { scope: 'account', key: account },
        { scope: 'address', key: address },
      ],
    });
    return rows.map((r) => r.lockedUntil);
  }

  /** The key's record, created empty if missing and locked for the caller's transaction. */
  async lock(scope: LoginFailureScope, key: string): Promise<FailureState> {
    await this.rows.createQueryBuilder().insert().values({ scope, key }).orIgnore().updateEntity(false).execute();
    return this.rows
      .createQueryBuilder('f')
      .select(['f.failures', 'f.lockedUntil'])
      .setLock('pessimistic_write')
      .where('f.scope = :scope AND f.key = :key', { scope, key })
      .getOneOrFail();
  }

  async save(scope: LoginFailureScope, key: string, state: FailureState): Promise<void> {
    await this.rows.update({ scope, key }, { failures: state.failures, lockedUntil: state.lockedUntil, updatedAt: () => 'now()' });
  }

  /** Removes the records untouched since `staleBefore` whose lock (if any) has ended by `now` (epoch ms). */
  async purge(staleBefore: Date, now: number): Promise<void> {
    await this.rows
      .createQueryBuilder()
      .delete()
      .where('updated_at < :staleBefore AND (locked_until IS NULL OR locked_until < :now)', { staleBefore, now })
      .execute();
  }

  async forget(scope: LoginFailureScope, key: string): Promise<void> {
    await this.rows.delete({ scope, key });
  }
}
