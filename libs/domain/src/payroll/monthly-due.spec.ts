import { DEFAULT_CARE_RULES } from '../assessment';
import { planCareAllowance, planHardshipAllowance, DEFAULT_HARDSHIP_RULES } from '../entitlement';
import { supportSwitchMonth } from '../care-home';
import { monthlyDue, policyInForce, type MonthPolicy, type PayrollSourceFacts } from './monthly-due';

const V1: MonthPolicy = {
  policyId: 'p1',
  version: 1,
  hardship: DEFAULT_HARDSHIP_RULES,
  care: DEFAULT_CARE_RULES,
  dispersedSupportMonthlyFen: 100000,
};
/** Version 2 raises the 60–79 band to 90 yuan and level 2 care to 70 yuan. */
const V2: MonthPolicy = {
  ...V1,
  policyId: 'p2',
  version: 2,
  hardship: { ...DEFAULT_HARDSHIP_RULES, ageBands: [{ fromAge: 60, amountFen: 9000 }, ...DEFAULT_HARDSHIP_RULES.ageBands.slice(1)] },
  care: { ...DEFAULT_CARE_RULES, amountByLevel: { ...DEFAULT_CARE_RULES.amountByLevel, 2: 7000 } },
};

const hardship = (birthDate: string, deathDate: string | null = null): PayrollSourceFacts => {
  const plan = planHardshipAllowance({
    birthDate,
    residentOfCounty: true,
    rosterSpells: [{ category: 'dibao', from: '2020-01-01', to: null }],
    acceptedOn: '2020-01-10',
    horizon: '2040-12',
    ...(deathDate ? { deathDate } : {}),
  });
  return { kind: 'hardship-allowance', spans: plan.segments, birthDate, deathDate, movedOutOn: null };
};

const care = (assessedOn: string, level: number, deathDate: string | null = null): PayrollSourceFacts => {
  const plan = planCareAllowance([{ assessedOn, level }], DEFAULT_CARE_RULES, deathDate ? { deathDate } : {});
  return { kind: 'care-allowance', spans: plan.segments, birthDate: '1940-01-01', deathDate, movedOutOn: null };
};

const dispersed = (fromMonth: string, admissionApprovedOn: string | null): PayrollSourceFacts => ({
  kind: 'dispersed-support',
  spans: [
    {
      from: fromMonth,
      to: admissionApprovedOn ? supportSwitchMonth(admissionApprovedOn).dispersedLastMonth : null,
      rule: 'support.dispersed',
    },
  ],
  birthDate: '1950-01-01',
  deathDate: null,
  movedOutOn: null,
});

describe('monthlyDue: what one month pays', () => {
  it.each([
    // [scenario, facts, month, expected fen or null]
    ['death in March: March is paid', hardship('1950-06-15', '2026-03-20'), '2026-03', 8000],
    ['death in March: April is not', hardship('1950-06-15', '2026-03-20'), '2026-04', null],
    ['death on 1 March: March still paid', hardship('1950-06-15', '2026-03-01'), '2026-03', 8000],
    ['turning 80 in May (birthday 31 May): May at the 80+ amount', hardship('1946-05-31'), '2026-05', 10000],
    ['turning 80 in May: April still at the 60–79 amount', hardship('1946-05-31'), '2026-04', 8000],
    ['turning 90 in May: the 90+ amount from May', hardship('1936-05-02'), '2026-05', 20000],
    ['care assessed 31 January: January not paid', care('2026-01-31', 3), '2026-01', null],
    ['care assessed 31 January: first paid February', care('2026-01-31', 3), '2026-02', 8000],
    ['care level 2 amount', care('2026-01-31', 2), '2026-03', 6000],
    ['care death in March: April not paid', care('2025-10-10', 3, '2026-03-31'), '2026-04', null],
    ['centralized support approved in June: dispersed paid for June', dispersed('2019-03', '2026-06-18'), '2026-06', 100000],
    ['centralized support approved in June: not July', dispersed('2019-03', '2026-06-18'), '2026-07', null],
    ['dispersed before it started', dispersed('2026-03', null), '2026-02', null],
    ['dispersed open-ended', dispersed('2026-03', null), '2027-01', 100000],
  ])('%s', (_name, facts, month, expected) => {
    const due = monthlyDue(facts as PayrollSourceFacts, month as string, V1);
    expect(due.due ? due.amountFen : null).toBe(expected);
  });

  it.each([
    ['60–79 band under version 2', hardship('1960-01-10'), 9000, 'hardship.age-band-60'],
    ['80+ band unchanged by version 2', hardship('1940-01-10'), 10000, 'hardship.age-band-80'],
    ['care level 2 under version 2', care('2025-01-31', 2), 7000, 'care.level-2'],
  ])('the amount is the month’s policy version, not the grant’s: %s', (_n, facts, fen, rule) => {
    const due = monthlyDue(facts as PayrollSourceFacts, '2026-05', V2);
    expect(due).toMatchObject({ due: true, amountFen: fen, rule, policyVersion: 2 });
  });

  it('no policy in force for the month pays nothing and says why', () => {
    expect(monthlyDue(hardship('1950-01-01'), '2026-05', null)).toEqual({ due: false, why: '2026-05没有生效的政策版本' });
  });

  it('moving out of the county caps every kind at the month of moving', () => {
    const facts = { ...dispersed('2020-01', null), movedOutOn: '2026-08-02' };
    expect(monthlyDue(facts, '2026-08', V1).due).toBe(true);
    expect(monthlyDue(facts, '2026-09', V1).due).toBe(false);
  });
});

describe('policyInForce: which version pays a month', () => {
  const versions = [
    { policyId: 'county-1', regionCode: '370124', version: 1, effectiveFrom: '2020-01-01' },
    { policyId: 'county-2', regionCode: '370124', version: 2, effectiveFrom: '2026-05-01' },
    { policyId: 'county-3', regionCode: '370124', version: 3, effectiveFrom: '2026-08-15' },
    { policyId: 'town-1', regionCode: '370124001', version: 1, effectiveFrom: '2026-07-01' },
  ];
  it.each([
    ['370124002001', '2026-04', 'county-1'],
    ['370124002001', '2026-05', 'county-2'],
    ['370124002001', '2026-08', 'county-2'],
    ['370124002001', '2026-09', 'county-3'],
    ['370124001001', '2026-06', 'county-2'],
    ['370124001001', '2026-07', 'town-1'],
    ['370125001001', '2026-07', null],
  ])('region %s, month %s → %s', (region, month, expected) => {
    expect(policyInForce(versions, region, month)?.policyId ?? null).toBe(expected);
  });
});
