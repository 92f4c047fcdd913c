import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import { ACCOUNT_LOCKOUT, ADDRESS_LOCKOUT, lockRemaining, recordFailure, type FailureRecord, type LockoutPolicy } from '@app/domain/access';
import { LoginFailuresRepository, type LoginFailureScope } from '@app/persistence';
import { ApiError } from '../common/api-error.exception';

/** scrypt costs ~50–100 ms of a core: at most this many at once, the rest wait in a short line. */
const MAX_CONCURRENT_HASHES = 2;
const MAX_WAITING = 32;

const POLICY: Record<LoginFailureScope, LockoutPolicy> = { account: ACCOUNT_LOCKOUT, address: ADDRESS_LOCKOUT };
/** Rows older than this (no failure in the window, no live lock) are removed. */
const KEEP_MS = Math.max(ACCOUNT_LOCKOUT.windowMs, ACCOUNT_LOCKOUT.lockMs, ADDRESS_LOCKOUT.windowMs, ADDRESS_LOCKOUT.lockMs);

/**
 * Login throttling: a temporary lock per account and per client address after repeated
 * failures, checked before any password is hashed; and a cap on concurrent password hashing so
 * a flood of logins queues (then is refused) instead of starving every other request.
 * The failure records live in PostgreSQL (`login_failures`), so every API process enforces the
 * same lock and a restart does not lift it; the hashing cap stays per process (it guards a core).
 */
@Injectable()
export class LoginAttempts {
  private running = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** Refuses (429 LOGIN_LOCKED with Retry-After) while the account or the address is locked. */
  async assertNotLocked(username: string, address: string, now = Date.now()): Promise<void> {
    const ends = await new LoginFailuresRepository(this.db).lockEnds(username, address);
    const ms = Math.max(0, ...ends.map((lockedUntil) => lockRemaining({ failures: [], lockedUntil }, now)));
    if (ms > 0) throw locked(ms);
  }

  async recordFailure(username: string, address: string, now = Date.now()): Promise<void> {
    await this.db.transaction(async (m) => {
      await this.bump(m, 'account', username, now);
      await this.bump(m, 'address', address, now);
    });
    // Outside the transaction above: it takes no row lock while another process's bump holds one.
    await new LoginFailuresRepository(this.db).purge(new Date(now - KEEP_MS), now);
  }

  async recordSuccess(username: string): Promise<void> {
    await new LoginFailuresRepository(this.db).forget('account', username);
  }

  /** Runs a password hash or check within the concurrency cap; 429 when the line is full. */
  async hashing<T>(fn: () => Promise<T>): Promise<T> {
    if (this.running >= MAX_CONCURRENT_HASHES) {
      if (this.waiting.length >= MAX_WAITING) {
        throw new ApiError('TOO_MANY_REQUESTS', '登录请求过多，请稍后再试。(Too many logins at once; try again shortly.)', [], {
          retryAfter: 2,
        });
      }
      await new Promise<void>((resolve) => this.waiting.push(resolve));
    } else {
      this.running++;
    }
    try {
      return await fn();
    } finally {
      const next = this.waiting.shift();
      if (next) next();
      else this.running--;
    }
  }

  /** One more failure for a key, read and written under the row's lock so concurrent APIs do not lose one. */
  private async bump(m: EntityManager, scope: LoginFailureScope, key: string, now: number): Promise<void> {
    const failures = new LoginFailuresRepository(m);
    const before: FailureRecord = await failures.lock(scope, key);
    await failures.save(scope, key, recordFailure(before, POLICY[scope], now));
  }
}

function locked(ms: number): ApiError {
  const minutes = Math.ceil(ms / 60_000);
  return new ApiError(
    'LOGIN_LOCKED',
    `登录失败次数过多，已临时锁定，请${minutes}分钟后再试。(Too many failed logins: locked for ${minutes} min.)`,
    [],
    { retryAfter: Math.ceil(ms / 1000) },
  );
}
