import { lockRemaining, recordFailure, type FailureRecord, type LockoutPolicy } from './login-lockout';

const POLICY: LockoutPolicy = { maxFailures: 3, windowMs: 1000, lockMs: 5000 };

function after(times: number[]): FailureRecord | undefined {
  return times.reduce<FailureRecord | undefined>((r, t) => recordFailure(r, POLICY, t), undefined);
}

describe('login lockout', () => {
  it.each<[string, number[], number, number]>([
    ['no failures', [], 0, 0],
    ['two failures do not lock', [0, 100], 200, 0],
    ['the third failure in the window locks', [0, 100, 200], 300, 4900],
    ['failures outside the window do not count', [0, 100, 1500], 1600, 0],
    ['the lock ends', [0, 100, 200], 5200, 0],
    ['after a lock the count starts again', [0, 100, 200, 6000, 6100], 6200, 0],
  ])('%s', (_what, failures, now, remaining) => {
    expect(lockRemaining(after(failures), now)).toBe(remaining);
  });
});
