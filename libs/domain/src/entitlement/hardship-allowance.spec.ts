import { EntitlementPlan } from './entitlement-plan';
import { DEFAULT_HARDSHIP_RULES, HardshipAllowanceInput, HardshipRules, planHardshipAllowance } from './hardship-allowance';
import { compareMonths } from './month-math';

function amountIn(plan: EntitlementPlan, month: string): number {
  const seg = plan.segments.find((s) => compareMonths(s.from, month) <= 0 && (s.to === null || compareMonths(month, s.to) <= 0));
  return seg?.monthlyAmountFen ?? 0;
}

const base: HardshipAllowanceInput = {
  birthDate: '1964-03-01',
  residentOfCounty: true,
  rosterSpells: [{ category: 'dibao', from: '2010-05-01', to: null }],
  acceptedOn: '2020-01-10',
  horizon: '2030-12',
};

const plan = (change: Partial<HardshipAllowanceInput>, rules: HardshipRules = DEFAULT_HARDSHIP_RULES) =>
  planHardshipAllowance({ ...base, ...change }, rules);

describe('planHardshipAllowance: start month', () => {
  it.each<[string, Partial<HardshipAllowanceInput>, string]>([
    ['60th birthday on the 1st', { birthDate: '1964-03-01' }, '2024-03'],
    ['60th birthday on the last day of the month', { birthDate: '1964-03-31' }, '2024-03'],
    ['60th birthday on 31 December', { birthDate: '1964-12-31' }, '2024-12'],
    ['born 29 Feb, 60th birthday in a leap year', { birthDate: '1964-02-29' }, '2024-02'],
    [
      'roster entry after turning 60: start = roster month',
      { rosterSpells: [{ category: 'tekun', from: '2025-07-20', to: null }], acceptedOn: '2025-07-25' },
      '2025-07',
    ],
    ['acceptance limits arrears', { acceptedOn: '2024-09-03' }, '2024-09'],
    ['acceptance in December', { acceptedOn: '2024-12-31' }, '2024-12'],
    ['low-income roster qualifies', { rosterSpells: [{ category: 'dishouru', from: '2024-01-01', to: null }] }, '2024-03'],
  ])('%s → %s', (_name, change, start) => {
    const p = plan(change);
    expect(p.eligible).toBe(true);
    expect(p.startMonth).toBe(start);
    expect(p.segments[0].from).toBe(start);
    expect(amountIn(p, start)).toBe(8000);
  });

  it.each<[string, HardshipRules['arrears'], string | undefined, string]>([
    ['acceptance month (default)', { earliest: 'acceptance-month' }, '2024-06-10', '2024-09'],
    ['application month', { earliest: 'application-month' }, '2024-06-10', '2024-06'],
    ['application month, no date given → acceptance month', { earliest: 'application-month' }, undefined, '2024-09'],
    ['application month capped at 2 months of arrears', { earliest: 'application-month', maxMonths: 2 }, '2024-04-10', '2024-07'],
    ['application before the 60th birthday', { earliest: 'application-month' }, '2024-01-05', '2024-03'],
  ])('arrears rule: %s', (_name, arrears, appliedOn, start) => {
    const p = plan({ acceptedOn: '2024-09-03', appliedOn }, { ...DEFAULT_HARDSHIP_RULES, arrears });
    expect(p.startMonth).toBe(start);
  });
});

describe('planHardshipAllowance: age bands', () => {
  // 80th birthday 2024-05-20, 90th 2034-05-20, 100th 2044-05-20.
  const banded = (horizon: string) => plan({ birthDate: '1944-05-20', acceptedOn: '2020-01-02', horizon });

  it.each([
    ['2020-01', 8000],
    ['2024-04', 8000],
    ['2024-05', 10000],
    ['2034-04', 10000],
    ['2034-05', 20000],
    ['2044-04', 20000],
    ['2044-05', 30000],
    ['2060-01', 30000],
  ])('in %s pays %i fen', (month, fen) => {
    expect(amountIn(banded('2050-12'), month)).toBe(fen);
  });

  it('splits segments at each birthday month, the last one open', () => {
    const p = banded('2050-12');
    expect(p.segments.map((s) => [s.from, s.to, s.monthlyAmountFen, s.rule])).toEqual([
      ['2020-01', '2024-04', 8000, 'hardship.age-band-60'],
      ['2024-05', '2034-04', 10000, 'hardship.age-band-80'],
      ['2034-05', '2044-04', 20000, 'hardship.age-band-90'],
      ['2044-05', null, 30000, 'hardship.age-band-100'],
    ]);
    expect(p.endMonth).toBeNull();
    expect(p.segments[1].explanation).toBe(
      '经济困难老年人补贴80–89周岁档:每月100元,自2024-05起(年满80周岁当月,生日2024-05-20),至2034-04止(次月年满90周岁,改按新档)。',
    );
    expect(p.segments[0].explanation).toContain('补发起点:受理当月(受理日期2020-01-02)');
  });

  it('describes bands only through the horizon when open-ended, and says what comes next', () => {
    const p = banded('2040-12');
    expect(p.segments.map((s) => [s.from, s.to])).toEqual([
      ['2020-01', '2024-04'],
      ['2024-05', '2034-04'],
      ['2034-05', null],
    ]);
    expect(p.explanation).toContain('超出描述期限2040-12:2044-05年满100周岁(生日2044-05-20)起每月300元,未列入分段。');
  });

  it.each<['feb-28' | 'mar-01', string, string]>([
    ['feb-28', '2026-01', '2026-02'],
    ['mar-01', '2026-02', '2026-03'],
  ])('29 Feb birth, 90th birthday in a common year, rule %s: band from %s+1', (leapDayRule, before, first) => {
    const p = plan({ birthDate: '1936-02-29', acceptedOn: '2020-01-02' }, { ...DEFAULT_HARDSHIP_RULES, leapDayRule });
    expect(amountIn(p, before)).toBe(10000);
    expect(amountIn(p, first)).toBe(20000);
  });
});

describe('planHardshipAllowance: stop events', () => {
  it.each<[string, Partial<HardshipAllowanceInput>, string, string]>([
    ['death mid-month', { deathDate: '2025-06-15' }, '2025-06', '死亡当月,2025-06-15'],
    ['death on the last day', { deathDate: '2025-06-30' }, '2025-06', '死亡当月'],
    ['death on the 1st', { deathDate: '2025-06-01' }, '2025-06', '死亡当月'],
    ['household moved out of the county', { movedOutOn: '2025-12-31' }, '2025-12', '户籍迁出本县当月'],
    ['left the roster (event)', { rosterLeftOn: '2026-02-10' }, '2026-02', '退出困难名单当月'],
    [
      'left the roster (spell end)',
      { rosterSpells: [{ category: 'dibao', from: '2010-05-01', to: '2026-02-10' }] },
      '2026-02',
      '低保名单期间至2026-02-10结束',
    ],
    ['failed annual review', { reviewFailedOn: '2026-04-01' }, '2026-04', '年审未通过当月'],
    ['earliest of several events', { reviewFailedOn: '2026-04-01', deathDate: '2025-11-11' }, '2025-11', '死亡当月'],
  ])('%s → last paid month %s', (_name, change, last, why) => {
    const p = plan(change);
    expect(p.eligible).toBe(true);
    expect(p.endMonth).toBe(last);
    const lastSeg = p.segments[p.segments.length - 1];
    expect(lastSeg.to).toBe(last);
    expect(lastSeg.explanation).toContain(why);
    expect(amountIn(p, last)).toBe(8000);
  });

  it('the month after the stop is unpaid', () => {
    const p = plan({ deathDate: '2025-06-15' });
    expect(amountIn(p, '2025-07')).toBe(0);
    expect(p.explanation).toContain('死亡日期2025-06-15,自次月2025-07起停发。');
  });

  it('does not pay the months between two roster spells', () => {
    const p = plan({
      rosterSpells: [
        { category: 'dibao', from: '2010-05-01', to: '2024-08-20' },
        { category: 'tekun', from: '2025-02-03', to: null },
      ],
    });
    expect(p.segments.map((s) => [s.from, s.to])).toEqual([
      ['2024-03', '2024-08'],
      ['2025-02', null],
    ]);
    expect(p.segments[1].explanation).toContain('纳入特困名单当月,2025-02-03');
  });

  it('merges adjacent spells of different categories', () => {
    const p = plan({
      rosterSpells: [
        { category: 'dibao', from: '2010-05-01', to: '2024-08-20' },
        { category: 'tekun', from: '2024-09-01', to: null },
      ],
    });
    expect(p.segments.map((s) => [s.from, s.to])).toEqual([['2024-03', null]]);
  });
});

describe('planHardshipAllowance: not eligible', () => {
  it.each<[string, Partial<HardshipAllowanceInput>, string[]]>([
    ['not resident', { residentOfCounty: false }, ['not-resident']],
    ['no roster spell', { rosterSpells: [] }, ['no-eligible-roster-spell']],
    ['only an ineligible category', { rosterSpells: [{ category: 'other', from: '2010-01-01', to: null }] }, ['no-eligible-roster-spell']],
    [
      'roster ended before the 60th birthday month',
      { rosterSpells: [{ category: 'dibao', from: '2010-01-01', to: '2024-02-29' }] },
      ['no-eligible-roster-spell'],
    ],
    ['not resident and no roster', { residentOfCounty: false, rosterSpells: [] }, ['not-resident', 'no-eligible-roster-spell']],
    ['died before turning 60', { deathDate: '2023-05-01', acceptedOn: '2023-01-01' }, ['ended-before-start']],
    [
      'roster ended before the acceptance month',
      { rosterSpells: [{ category: 'dibao', from: '2010-01-01', to: '2024-06-30' }], acceptedOn: '2024-07-01' },
      ['ended-before-start'],
    ],
    ['moved out before acceptance', { movedOutOn: '2024-05-31', acceptedOn: '2024-06-03' }, ['ended-before-start']],
    ['malformed birth date', { birthDate: '1964-02-30' }, ['invalid-input']],
    ['spell ends before it starts', { rosterSpells: [{ category: 'dibao', from: '2024-05-01', to: '2024-04-01' }] }, ['invalid-input']],
    ['applied after accepted', { appliedOn: '2024-02-01', acceptedOn: '2024-01-01' }, ['invalid-input']],
  ])('%s', (_name, change, codes) => {
    const p = plan(change);
    expect(p.eligible).toBe(false);
    expect(p.reasons.map((r) => r.code)).toEqual(codes);
    expect(p.segments).toEqual([]);
    expect(p.startMonth).toBeNull();
  });

  it('explains an end before the start', () => {
    const p = plan({ movedOutOn: '2024-05-31', acceptedOn: '2024-06-03' });
    expect(p.reasons[0].message).toBe('补贴最早可自2024-06起发放,但已于2024-05终止:户籍迁出本县(2024-05-31)。');
  });

  it.each<[string, Partial<HardshipRules>]>([
    ['first band above minAge', { ageBands: [{ fromAge: 65, amountFen: 8000 }] }],
    [
      'bands not ascending',
      {
        ageBands: [
          { fromAge: 60, amountFen: 8000 },
          { fromAge: 60, amountFen: 9000 },
        ],
      },
    ],
    ['amount in yuan by mistake', { ageBands: [{ fromAge: 60, amountFen: 80.5 }] }],
    ['negative maxMonths', { arrears: { earliest: 'acceptance-month', maxMonths: -1 } }],
  ])('rejects broken rules: %s', (_name, change) => {
    const p = plan({}, { ...DEFAULT_HARDSHIP_RULES, ...change });
    expect(p.reasons.map((r) => r.code)).toEqual(['invalid-rules']);
  });
});
