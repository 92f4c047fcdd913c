/**
 * Temporary lockout after repeated failed logins: per account (guessing one password) and per
 * client address (trying many accounts). Pure: the API keeps the records, this decides.
 */
export interface LockoutPolicy {
  /** Failures within the window that lock. */
  maxFailures: number;
  windowMs: number;
  /** How long a lock lasts. */
  lockMs: number;
}

export interface FailureRecord {
  /** Times of recent failures, oldest first. */
  failures: number[];
  lockedUntil: number | null;
}

export const ACCOUNT_LOCKOUT: LockoutPolicy = { maxFailures: 5, windowMs: 15 * 60_000, lockMs: 15 * 60_000 };
export const ADDRESS_LOCKOUT: LockoutPolicy = { maxFailures: 20, windowMs: 15 * 60_000, lockMs: 15 * 60_000 };

/** Milliseconds the record stays locked from `now` (0 when not locked). */
export function lockRemaining(record: FailureRecord | undefined, now: number): number {
  return record?.lockedUntil != null && record.lockedUntil > now ? record.lockedUntil - now : 0;
}

/** The record after one more failure at `now`: old failures fall out of the window; the last allowed one locks. */
export function recordFailure(record: FailureRecord | undefined, policy: LockoutPolicy, now: number): FailureRecord {
  const failures = [...(record?.failures ?? []).filter((t) => t > now - policy.windowMs), now].slice(-policy.maxFailures);
  const locked = failures.length >= policy.maxFailures;
  return { failures: locked ? [] : failures, lockedUntil: locked ? now + policy.lockMs : (record?.lockedUntil ?? null) };
}
