import { CareRules, DEFAULT_CARE_RULES, careAllowanceMonthlyFen, isCareAllowanceEligible, validateCareRules } from './care-allowance-rules';

describe('care allowance by level (default rules)', () => {
  it.each([
    [0, false, null],
    [1, false, null],
    [2, true, 6000],
    [3, true, 8000],
    [4, true, 8000],
    [5, false, null],
    [2.5, false, null],
    [-1, false, null],
  ])('level %p → eligible %p, %p fen', (level, eligible, amount) => {
    expect(isCareAllowanceEligible(level, DEFAULT_CARE_RULES)).toBe(eligible);
    expect(careAllowanceMonthlyFen(level, DEFAULT_CARE_RULES)).toBe(amount);
  });

  it('MZ/T 039-2013 rules accept levels 0–3 only', () => {
    const mzt: CareRules = {
      scale: 'MZ/T 039-2013',
      eligibleLevels: [2, 3],
      amountByLevel: { 2: 6000, 3: 8000 },
      reassessEveryMonths: 12,
    };
    expect(validateCareRules(mzt)).toEqual([]);
    expect(isCareAllowanceEligible(3, mzt)).toBe(true);
    expect(isCareAllowanceEligible(4, mzt)).toBe(false);
  });
});

describe('validateCareRules', () => {
  it.each<[string, Partial<CareRules>, string]>([
    ['level off the scale', { eligibleLevels: [2, 5] }, '可享受等级 5 不是 GB/T 42195-2022 的等级'],
    ['eligible level without amount', { amountByLevel: { 2: 6000, 3: 8000 } }, '可享受等级 4 没有发放标准'],
    ['fractional amount', { amountByLevel: { 2: 60.5, 3: 8000, 4: 8000 } }, '等级 2 的发放标准应为正整数(单位:分),现为 60.5'],
    ['zero reassessment interval', { reassessEveryMonths: 0 }, 'reassessEveryMonths 应为不小于 1 的整月数,现为 0'],
  ])('%s', (_name, change, problem) => {
    expect(validateCareRules({ ...DEFAULT_CARE_RULES, ...change })).toEqual([problem]);
  });

  it('accepts the defaults', () => {
    expect(validateCareRules(DEFAULT_CARE_RULES)).toEqual([]);
  });
});
