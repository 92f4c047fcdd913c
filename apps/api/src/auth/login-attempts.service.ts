import { Injectable } from '@nestjs/common';
import { ACCOUNT_LOCKOUT, ADDRESS_LOCKOUT, lockRemaining, recordFailure, type FailureRecord, type LockoutPolicy } from '@app/domain/access';
import { ApiError } from '../common/api-error.exception';

/** Records kept in memory per API process; bounded, so a flood of invented usernames cannot fill it. */
const MAX_RECORDS = 10_000;
/** scrypt costs ~50–100 ms of a core: at most this many at once, the rest wait in a short line. */
const MAX_CONCURRENT_HASHES = 2;
const MAX_WAITING = 32;

class BoundedRecords {
  private readonly map = new Map<string, FailureRecord>();
  get(key: string): FailureRecord | undefined {
    return this.map.get(key);
  }
  set(key: string, r: FailureRecord): void {
    this.map.delete(key);
    this.map.set(key, r);
    if (this.map.size > MAX_RECORDS) this.map.delete(this.map.keys().next().value as string);
  }
  delete(key: string): void {
    this.map.delete(key);
  }
}

/**
 * Login throttling: a temporary lock per account and per client address after repeated
 * failures, checked before any password is hashed; and a cap on concurrent password hashing so
 * a flood of logins queues (then is refused) instead of starving every other request.
 */
@Injectable()
export class LoginAttempts {
  private readonly accounts = new BoundedRecords();
  private readonly addresses = new BoundedRecords();
  private running = 0;
  private readonly waiting: (() => void)[] = [];

  /** Refuses (429 LOGIN_LOCKED with Retry-After) while the account or the address is locked. */
  assertNotLocked(username: string, address: string, now = Date.now()): void {
    const ms = Math.max(lockRemaining(this.accounts.get(username), now), lockRemaining(this.addresses.get(address), now));
    if (ms > 0) throw locked(ms);
  }

  recordFailure(username: string, address: string, now = Date.now()): void {
    this.bump(this.accounts, username, ACCOUNT_LOCKOUT, now);
    this.bump(this.addresses, address, ADDRESS_LOCKOUT, now);
  }

  recordSuccess(username: string): void {
    this.accounts.delete(username);
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

  private bump(records: BoundedRecords, key: string, policy: LockoutPolicy, now: number): void {
    records.set(key, recordFailure(records.get(key), policy, now));
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
