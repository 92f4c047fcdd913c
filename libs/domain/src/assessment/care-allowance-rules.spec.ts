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
    ['level off the scale', { eligibleLevels: [2, 5] }, 'eligible level 5 is not a level of GB/T 42195-2022'],
    ['eligible level without amount', { amountByLevel: { 2: 6000, 3: 8000 } }, 'eligible level 4 has no amount'],
    [
      'fractional amount',
      { amountByLevel: { 2: 60.5, 3: 8000, 4: 8000 } },
      'amount for level 2 must be a positive whole number of fen, got 60.5',
    ],
    ['zero reassessment interval', { reassessEveryMonths: 0 }, 'reassessEveryMonths must be a whole number of months ≥ 1, got 0'],
  ])('%s', (_name, change, problem) => {
    expect(validateCareRules({ ...DEFAULT_CARE_RULES, ...change })).toEqual([problem]);
  });

  it('accepts the defaults', () => {
    expect(validateCareRules(DEFAULT_CARE_RULES)).toEqual([]);
  });
});
