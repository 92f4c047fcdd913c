import {
  DEFAULT_HIGH_AGE_RULES,
  planHighAgeAllowance,
  validateHighAgeRules,
  type HighAgeAllowanceInput,
  type HighAgeRules,
} from './high-age-allowance';

const base: HighAgeAllowanceInput = { birthDate: '1946-05-20', residentOfCounty: true, acceptedOn: '2026-05-03' };
type Seg = [from: string, to: string | null, fen: number];
const segs = (input: Partial<HighAgeAllowanceInput>, rules: HighAgeRules = DEFAULT_HIGH_AGE_RULES) =>
  planHighAgeAllowance({ ...base, ...input }, rules).segments.map((s): Seg => [s.from, s.to, s.monthlyAmountFen]);

describe('planHighAgeAllowance', () => {
  it.each<[string, Partial<HighAgeAllowanceInput>, Seg[]]>([
    [
      'accepted in the 80th-birthday month: from that month, each band from its birthday month',
      {},
      [
        ['2026-05', '2036-04', 6000],
        ['2036-05', '2046-04', 10000],
        ['2046-05', null, 30000],
      ],
    ],
    [
      'accepted before turning 80: still from the birthday month, never earlier',
      { acceptedOn: '2026-01-10' },
      [
        ['2026-05', '2036-04', 6000],
        ['2036-05', '2046-04', 10000],
        ['2046-05', null, 30000],
      ],
    ],
    [
      'applied at 83: no arrears before the acceptance month (default)',
      { acceptedOn: '2029-08-01' },
      [
        ['2029-08', '2036-04', 6000],
        ['2036-05', '2046-04', 10000],
        ['2046-05', null, 30000],
      ],
    ],
    ['death in the month after acceptance: paid through the month of death', { deathDate: '2026-06-30' }, [['2026-05', '2026-06', 6000]]],
    [
      'household registration moved out at 91: stops after that month, the 90 band paid meanwhile',
      { movedOutOn: '2037-02-01' },
      [
        ['2026-05', '2036-04', 6000],
        ['2036-05', '2037-02', 10000],
      ],
    ],
    ['a failed annual check stops it from the next month', { reviewFailedOn: '2027-05-20' }, [['2026-05', '2027-05', 6000]]],
    [
      '29 February birth: the 80th birthday in a common year counts as 28 February',
      { birthDate: '1948-02-29', acceptedOn: '2028-01-05' },
      [
        ['2028-02', '2038-01', 6000],
        ['2038-02', '2048-01', 10000],
        ['2048-02', null, 30000],
      ],
    ],
  ])('%s', (_label, input, expected) => {
    expect(segs(input)).toEqual(expected);
  });

  it.each<[string, Partial<HighAgeAllowanceInput>, string]>([
    ['not registered in the county', { residentOfCounty: false }, 'not-resident'],
    ['died before the first payable month', { acceptedOn: '2026-08-01', deathDate: '2026-07-02' }, 'ended-before-start'],
    ['a birth date that is not a date', { birthDate: '1946-02-30' }, 'invalid-input'],
  ])('not eligible: %s', (_label, input, code) => {
    const plan = planHighAgeAllowance({ ...base, ...input });
    expect(plan.eligible).toBe(false);
    expect(plan.reasons.map((r) => r.code)).toContain(code);
    expect(plan.segments).toEqual([]);
  });

  it('a county raising 80–89 to 100 yuan and paying arrears from the application month is data, not code', () => {
    const rules: HighAgeRules = {
      ...DEFAULT_HIGH_AGE_RULES,
      ageBands: [
        { fromAge: 80, amountFen: 10000 },
        { fromAge: 90, amountFen: 20000 },
      ],
      arrears: { earliest: 'application-month' },
    };
    expect(segs({ appliedOn: '2026-09-28', acceptedOn: '2026-10-09' }, rules)).toEqual([
      ['2026-09', '2036-04', 10000],
      ['2036-05', null, 20000],
    ]);
  });
});

describe('validateHighAgeRules', () => {
  it('accepts the defaults', () => expect(validateHighAgeRules(DEFAULT_HIGH_AGE_RULES)).toEqual([]));
  it.each<[string, Partial<HighAgeRules>, RegExp]>([
    ['a band below the 60-yuan floor', { ageBands: [{ fromAge: 80, amountFen: 5000 }] }, /不低于最低标准 6000/],
    [
      'bands out of order',
      {
        ageBands: [
          { fromAge: 80, amountFen: 6000 },
          { fromAge: 80, amountFen: 9000 },
        ],
      },
      /应大于上一个年龄段/,
    ],
    ['a first band above minAge', { ageBands: [{ fromAge: 85, amountFen: 6000 }] }, /高于 minAge 80/],
    ['no bands', { ageBands: [] }, /ageBands 不能为空/],
    ['proactive enrollment below the minimum age', { proactiveEnrollmentAge: 70 }, /proactiveEnrollmentAge/],
    ['an unknown arrears rule', { arrears: { earliest: 'birthday-month' as 'acceptance-month' } }, /arrears.earliest/],
  ])('refuses %s', (_label, change, message) => {
    expect(validateHighAgeRules({ ...DEFAULT_HIGH_AGE_RULES, ...change }).join('\n')).toMatch(message);
  });
});
