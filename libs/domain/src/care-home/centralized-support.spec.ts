import { supportSwitchMonth, trialEndsOn } from './centralized-support';
import { DEFAULT_TRIAL_STAY_RULES } from './trial-stay-rules';

describe('supportSwitchMonth', () => {
  it.each([
    ['2025-03-01', '2025-03', '2025-04'],
    ['2025-03-31', '2025-03', '2025-04'],
    ['2025-12-15', '2025-12', '2026-01'],
  ])('approved %s → dispersed until %s, centralized from %s', (approved, dispersedLast, centralizedFrom) => {
    expect(supportSwitchMonth(approved)).toEqual({
      dispersedLastMonth: dispersedLast,
      centralizedFromMonth: centralizedFrom,
    });
  });
});

describe('trialEndsOn (30 days, start day not counted)', () => {
  it.each([
    ['2025-03-01', '2025-03-31'],
    ['2025-02-01', '2025-03-03'],
    ['2025-12-15', '2026-01-14'],
  ])('trial from %s ends on %s', (start, end) => {
    expect(trialEndsOn(start, DEFAULT_TRIAL_STAY_RULES)).toBe(end);
  });
});
