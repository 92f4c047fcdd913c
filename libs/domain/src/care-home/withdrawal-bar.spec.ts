import { DEFAULT_TRIAL_STAY_RULES, TrialStayRules } from './trial-stay-rules';
import { checkWithdrawalBar } from './withdrawal-bar';

describe('checkWithdrawalBar (2 withdrawals within 365 days bar for 365 days)', () => {
  it.each<[string, string[], string, string | null]>([
    ['no withdrawals', [], '2025-06-01', null],
    ['one withdrawal', ['2025-01-10'], '2025-06-01', null],
    ['two within a year, request during the bar', ['2025-01-10', '2025-03-10'], '2025-06-01', '2026-03-10'],
    ['request on the last barred day', ['2025-01-10', '2025-03-10'], '2026-03-10', '2026-03-10'],
    ['request the day after the bar', ['2025-01-10', '2025-03-10'], '2026-03-11', null],
    ['second exactly 365 days after the first counts', ['2024-03-10', '2025-03-10'], '2025-04-01', '2026-03-10'],
    ['second 366 days after the first does not', ['2024-03-09', '2025-03-10'], '2025-04-01', null],
    ['order of input does not matter', ['2025-03-10', '2025-01-10'], '2025-06-01', '2026-03-10'],
    ['withdrawals after the request are ignored', ['2025-01-10', '2025-07-01'], '2025-06-01', null],
    ['a withdrawal that triggered a bar does not count again', ['2024-01-10', '2024-03-01', '2024-12-01'], '2025-03-02', null],
    ['a later pair bars again', ['2022-01-10', '2022-03-01', '2024-05-01', '2024-09-01'], '2025-01-01', '2025-09-01'],
  ])('%s', (_name, withdrawals, request, until) => {
    const result = checkWithdrawalBar(withdrawals, request, DEFAULT_TRIAL_STAY_RULES);
    if (until === null) {
      expect(result).toEqual({ barred: false });
    } else {
      expect(result).toMatchObject({ barred: true, until });
    }
  });

  it('explains the bar', () => {
    expect(checkWithdrawalBar(['2025-01-10', '2025-03-10'], '2025-06-01', DEFAULT_TRIAL_STAY_RULES)).toEqual({
      barred: true,
      until: '2026-03-10',
      firstAllowedOn: '2026-03-11',
      withdrawals: ['2025-01-10', '2025-03-10'],
      reason: '2025-01-10、2025-03-10共2次主动退出试住(365天内),自2025-03-10起365天内不得再次申请,至2026-03-10止。',
    });
  });

  it.each<[string, TrialStayRules['withdrawalBar'], string[], string, boolean]>([
    ['no bar in this county', null, ['2025-01-10', '2025-03-10'], '2025-06-01', false],
    [
      'three withdrawals needed, two given',
      { withdrawals: 3, withinDays: 365, barDays: 180 },
      ['2025-01-10', '2025-03-10'],
      '2025-06-01',
      false,
    ],
    [
      'three withdrawals needed and given',
      { withdrawals: 3, withinDays: 365, barDays: 180 },
      ['2025-01-10', '2025-03-10', '2025-04-01'],
      '2025-06-01',
      true,
    ],
  ])('policy variant: %s', (_name, withdrawalBar, withdrawals, request, barred) => {
    expect(checkWithdrawalBar(withdrawals, request, { withdrawalBar }).barred).toBe(barred);
  });

  it('rejects malformed dates', () => {
    expect(() => checkWithdrawalBar(['2025-02-30'], '2025-06-01', DEFAULT_TRIAL_STAY_RULES)).toThrow(RangeError);
  });
});
