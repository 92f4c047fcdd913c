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
      { field: 'caseType', message: `must be one of: ${CASE_TYPES.join(', ')}` },
    ]);
  });
});
