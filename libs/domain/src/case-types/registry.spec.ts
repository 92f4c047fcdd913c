import { CASE_TYPES } from '@app/contracts/case-types';
import { validateCasePolicy } from '../policy/validate-policy';
import { CASE_TYPE_REGISTRY, DEFAULT_POLICIES, caseTypeDefinition, isCaseType } from './registry';

describe('case-type registry', () => {
  it.each(CASE_TYPES)('%s: a definition whose default policy names the type, starts with acceptance and validates', (caseType) => {
    const d = caseTypeDefinition(caseType);
    expect(d.defaultPolicy.caseType).toBe(caseType);
    expect(d.defaultPolicy.chain[0].step).toBe('acceptance');
    expect(d.defaultPolicy.chain.every((s) => d.chainSteps.includes(s.step))).toBe(true);
    expect(validateCasePolicy(DEFAULT_POLICIES[caseType], caseType)).toEqual([]);
  });

  it('defines exactly the types of CASE_TYPES, each with its own workflow', () => {
    expect(Object.keys(CASE_TYPE_REGISTRY).sort()).toEqual([...CASE_TYPES].sort());
    const workflows = CASE_TYPES.map((t) => CASE_TYPE_REGISTRY[t].workflow);
    expect(new Set(workflows).size).toBe(CASE_TYPES.length);
  });

  it.each([
    ['hardship-allowance', true],
    ['high-age-allowance', true],
    ['Trial-Stay', false],
    ['', false],
    [null, false],
  ])('isCaseType(%p) = %p', (value, expected) => expect(isCaseType(value)).toBe(expected));

  it('the high-age allowance gates on 80 and plans from the 80th-birthday month; the policy refuses a band under 60 yuan', () => {
    const d = caseTypeDefinition('high-age-allowance');
    expect(d.allowance?.ageGate?.(d.defaultPolicy)).toEqual({ minAge: 80, leapDayRule: 'feb-28' });
    const { plan, inputs } = d.allowance!.plan(
      {
        birthDate: '1946-05-20',
        acceptedOn: '2026-05-03',
        appliedOn: '2026-05-02',
        residentOfCounty: true,
        rosterSpells: [],
        assessments: [],
      },
      d.defaultPolicy,
    );
    expect(plan).toMatchObject({ eligible: true, startMonth: '2026-05' });
    expect(inputs.birthDate).toBeUndefined();
    const low = { ...d.defaultPolicy, rules: { ...d.defaultPolicy.rules, ageBands: [{ fromAge: 80, amountFen: 5000 }] } };
    expect(validateCasePolicy(low, 'high-age-allowance').map((p) => p.field)).toEqual(['body.rules']);
  });
});
