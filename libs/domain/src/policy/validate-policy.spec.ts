import { CASE_TYPES, type CaseType } from '@app/contracts';
import { DEFAULT_POLICIES } from '../case-types/registry';
import { validateCasePolicy } from './validate-policy';

describe('validateCasePolicy', () => {
  it.each(CASE_TYPES)('accepts the built-in %s policy', (caseType) => {
    expect(validateCasePolicy(DEFAULT_POLICIES[caseType], caseType)).toEqual([]);
  });

  const base = DEFAULT_POLICIES['hardship-allowance'];
  it.each([
    ['not an object', null, 'body'],
    ['another case type', { ...base, caseType: 'care-allowance' }, 'body.caseType'],
    ['an empty chain', { ...base, chain: [] }, 'body.chain'],
    [
      'a step the workflow does not run',
      {
        ...base,
        chain: [...base.chain, { kind: 'task', step: 'check_in', role: 'township_officer', deadline: { unit: 'working_days', amount: 5 } }],
      },
      'body.chain[4].step',
    ],
    ['an unknown role', { ...base, chain: [{ ...base.chain[0], role: 'mayor' }, ...base.chain.slice(1)] }, 'body.chain[0].role'],
    [
      'a fractional deadline',
      { ...base, chain: [{ ...base.chain[0], deadline: { unit: 'working_days', amount: 2.5 } }, ...base.chain.slice(1)] },
      'body.chain[0].deadline',
    ],
    ['a chain not starting with acceptance', { ...base, chain: base.chain.slice(1) }, 'body.chain[0].step'],
    ['a missing annual review step', { ...base, steps: { ...base.steps, annual_review: undefined } }, 'body.steps.annual_review'],
    [
      'a notice without a period',
      { ...base, chain: base.chain.map((s) => (s.kind === 'notice' ? { kind: 'notice', step: 'notice' } : s)) },
      'body.chain[2].period',
    ],
    ['escalation level 0', { ...base, escalation: { repeatAfter: null, maxLevel: 0 } }, 'body.escalation.maxLevel'],
    ['an unknown written-decision rule', { ...base, writtenDecision: 'sometimes' }, 'body.writtenDecision'],
    [
      'age bands out of order',
      {
        ...base,
        rules: {
          ...base.rules,
          ageBands: [
            { fromAge: 80, amountFen: 100 },
            { fromAge: 60, amountFen: 100 },
          ],
        },
      },
      'body.rules',
    ],
  ])('refuses %s, naming %s', (_what, body, field) => {
    const problems = validateCasePolicy(body, 'hardship-allowance');
    expect(problems.map((p) => p.field)).toContain(field);
  });

  it('refuses a case type the registry does not define, instead of validating it as another type', () => {
    const body = { ...DEFAULT_POLICIES['trial-stay'], caseType: 'home-adaptation' };
    expect(validateCasePolicy(body, 'home-adaptation' as CaseType)).toEqual([
      { field: 'caseType', message: `只能是以下之一:${CASE_TYPES.join('、')}` },
    ]);
  });
});

describe('validateCasePolicy: sane bounds', () => {
  const hardship = DEFAULT_POLICIES['hardship-allowance'];
  const care = DEFAULT_POLICIES['care-allowance'];
  const trial = DEFAULT_POLICIES['trial-stay'];
  const withFirstDeadline = (deadline: unknown) => ({
    ...hardship,
    chain: [{ ...hardship.chain[0], deadline }, ...hardship.chain.slice(1)],
  });
  const withNotice = (period: unknown) => ({ ...hardship, chain: hardship.chain.map((s) => (s.kind === 'notice' ? { ...s, period } : s)) });
  const hardshipRules = (rules: Record<string, unknown>) => ({ ...hardship, rules: { ...hardship.rules, ...rules } });

  it.each([
    ['10^12 working days', 'hardship-allowance', withFirstDeadline({ unit: 'working_days', amount: 1e12 }), 'body.chain[0].deadline'],
    [
      'a deadline of 61 working days',
      'hardship-allowance',
      withFirstDeadline({ unit: 'working_days', amount: 61 }),
      'body.chain[0].deadline',
    ],
    ['a deadline of zero days', 'hardship-allowance', withFirstDeadline({ unit: 'calendar_days', amount: 0 }), 'body.chain[0].deadline'],
    [
      'a drill unit (seconds) in a deadline',
      'hardship-allowance',
      withFirstDeadline({ unit: 'seconds', amount: 2 }),
      'body.chain[0].deadline',
    ],
    ['an unknown unit', 'hardship-allowance', withFirstDeadline({ unit: 'weeks', amount: 2 }), 'body.chain[0].deadline'],
    ['a notice of 3 months', 'hardship-allowance', withNotice({ unit: 'months', amount: 3 }), 'body.chain[2].period'],
    ['a drill notice', 'hardship-allowance', withNotice({ unit: 'seconds', amount: 3 }), 'body.chain[2].period'],
    [
      'a drill escalation repeat',
      'hardship-allowance',
      { ...hardship, escalation: { repeatAfter: { unit: 'seconds', amount: 2 }, maxLevel: 2 } },
      'body.escalation.repeatAfter',
    ],
    [
      'a supplement deadline of a year',
      'hardship-allowance',
      {
        ...hardship,
        steps: { ...hardship.steps, supplement: { role: 'township_officer', deadline: { unit: 'calendar_days', amount: 365 } } },
      },
      'body.steps.supplement.deadline',
    ],
    ['a minimum age of 200', 'hardship-allowance', hardshipRules({ minAge: 200 }), 'body.rules.minAge'],
    ['a minimum age of 6', 'hardship-allowance', hardshipRules({ minAge: 6 }), 'body.rules.minAge'],
    [
      'an age band at 130',
      'hardship-allowance',
      hardshipRules({
        ageBands: [
          { fromAge: 60, amountFen: 8000 },
          { fromAge: 130, amountFen: 9000 },
        ],
      }),
      'body.rules.ageBands[1].fromAge',
    ],
    [
      'a monthly amount of a million yuan',
      'hardship-allowance',
      hardshipRules({ ageBands: [{ fromAge: 60, amountFen: 100_000_000 }] }),
      'body.rules.ageBands[0].amountFen',
    ],
    [
      'a fractional amount',
      'hardship-allowance',
      hardshipRules({ ageBands: [{ fromAge: 60, amountFen: 80.5 }] }),
      'body.rules.ageBands[0].amountFen',
    ],
    ['age bands that are not a list', 'hardship-allowance', hardshipRules({ ageBands: 'many' }), 'body.rules.ageBands'],
    [
      'arrears of 50 years',
      'hardship-allowance',
      hardshipRules({ arrears: { earliest: 'acceptance-month', maxMonths: 600 } }),
      'body.rules.arrears.maxMonths',
    ],
    [
      'a drill annual review',
      'hardship-allowance',
      hardshipRules({ annualReviewEvery: { unit: 'seconds', amount: 3 } }),
      'body.rules.annualReviewEvery',
    ],
    [
      'an annual review every 100 years',
      'hardship-allowance',
      hardshipRules({ annualReviewEvery: { unit: 'months', amount: 1200 } }),
      'body.rules.annualReviewEvery',
    ],
    ['rules that are not an object', 'hardship-allowance', { ...hardship, rules: [] }, 'body.rules'],
    [
      'a care amount of a million yuan',
      'care-allowance',
      { ...care, rules: { ...care.rules, amountByLevel: { 2: 1e8, 3: 8000, 4: 8000 } } },
      'body.rules.amountByLevel.2',
    ],
    [
      'reassessment every 1000 months',
      'care-allowance',
      { ...care, rules: { ...care.rules, reassessEveryMonths: 1000 } },
      'body.rules.reassessEveryMonths',
    ],
    [
      'a drill reassessment',
      'care-allowance',
      { ...care, rules: { ...care.rules, reassessEvery: { unit: 'seconds', amount: 600 } } },
      'body.rules.reassessEvery',
    ],
    [
      'a trial of 10^12 days',
      'trial-stay',
      { ...trial, rules: { ...trial.rules, trialPeriod: { unit: 'calendar_days', amount: 1e12 } } },
      'body.rules.trialPeriod',
    ],
    [
      'a drill trial',
      'trial-stay',
      { ...trial, rules: { ...trial.rules, trialPeriod: { unit: 'seconds', amount: 2 } } },
      'body.rules.trialPeriod',
    ],
    [
      'a waiting-list threshold of 150%',
      'trial-stay',
      { ...trial, rules: { ...trial.rules, waitingListThresholdPct: 150 } },
      'body.rules.waitingListThresholdPct',
    ],
    [
      'a withdrawal bar of a century',
      'trial-stay',
      { ...trial, rules: { ...trial.rules, withdrawalBar: { withdrawals: 2, withinDays: 365, barDays: 36500 } } },
      'body.rules.withdrawalBar.barDays',
    ],
    [
      'seven unmet activities of six',
      'trial-stay',
      { ...trial, rules: { ...trial.rules, selfCare: { cannotSelfCareFromUnmet: 7 } } },
      'body.rules.selfCare.cannotSelfCareFromUnmet',
    ],
  ] as const)('refuses %s (%s), naming %s', (_what, caseType, body, field) => {
    const problems = validateCasePolicy(body, caseType);
    expect(problems.map((p) => p.field)).toContain(field);
  });

  it.each([
    ['the largest task deadline', 'hardship-allowance', withFirstDeadline({ unit: 'working_days', amount: 60 })],
    ['a one-month deadline', 'hardship-allowance', withFirstDeadline({ unit: 'months', amount: 1 })],
    ['a high-age band from 80 only', 'hardship-allowance', hardshipRules({ minAge: 80, ageBands: [{ fromAge: 80, amountFen: 6000 }] })],
    ['the largest monthly amount', 'hardship-allowance', hardshipRules({ ageBands: [{ fromAge: 60, amountFen: 1_000_000 }] })],
    ['no escalation repeat', 'hardship-allowance', { ...hardship, escalation: { repeatAfter: null, maxLevel: 1 } }],
    ['a two-month trial', 'trial-stay', { ...trial, rules: { ...trial.rules, trialPeriod: { unit: 'months', amount: 2 } } }],
    ['no withdrawal bar', 'trial-stay', { ...trial, rules: { ...trial.rules, withdrawalBar: null } }],
  ] as const)('accepts %s (%s)', (_what, caseType, body) => {
    expect(validateCasePolicy(body, caseType)).toEqual([]);
  });
});
