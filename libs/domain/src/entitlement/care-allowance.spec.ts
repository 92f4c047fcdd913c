import { CareRules, DEFAULT_CARE_RULES } from '../assessment';
import { CareAssessmentRecord, planCareAllowance } from './care-allowance';
import { EntitlementPlan } from './entitlement-plan';

const spans = (p: EntitlementPlan) => p.segments.map((s) => [s.from, s.to, s.monthlyAmountFen]);
const a = (assessedOn: string, level: number): CareAssessmentRecord => ({ assessedOn, level });

describe('planCareAllowance', () => {
  it.each<[string, CareAssessmentRecord[], string | undefined, (string | number | null)[][]]>([
    ['assessed on the last day of January → from February', [a('2024-01-31', 2)], undefined, [['2024-02', null, 6000]]],
    ['assessed on the 1st', [a('2024-03-01', 3)], undefined, [['2024-04', null, 8000]]],
    ['assessed in December → January next year', [a('2024-12-10', 4)], undefined, [['2025-01', null, 8000]]],
    [
      'a new level changes the amount from the month after',
      [a('2024-01-31', 2), a('2024-06-10', 3)],
      undefined,
      [
        ['2024-02', '2024-06', 6000],
        ['2024-07', null, 8000],
      ],
    ],
    [
      'level 3 → 4 is a new segment at the same amount',
      [a('2024-01-31', 3), a('2024-06-10', 4)],
      undefined,
      [
        ['2024-02', '2024-06', 8000],
        ['2024-07', null, 8000],
      ],
    ],
    [
      'a reassessment at the same level continues the segment',
      [a('2024-01-31', 2), a('2025-01-20', 2)],
      undefined,
      [['2024-02', null, 6000]],
    ],
    [
      'below the threshold stops: last paid month = assessment month',
      [a('2024-01-31', 3), a('2024-08-05', 1)],
      undefined,
      [['2024-02', '2024-08', 8000]],
    ],
    [
      'a later eligible assessment restarts',
      [a('2024-01-31', 3), a('2024-08-05', 1), a('2025-02-03', 4)],
      undefined,
      [
        ['2024-02', '2024-08', 8000],
        ['2025-03', null, 8000],
      ],
    ],
    ['starts only when the level first qualifies', [a('2023-05-05', 1), a('2024-01-31', 2)], undefined, [['2024-02', null, 6000]]],
    [
      'input order does not matter',
      [a('2024-06-10', 3), a('2024-01-31', 2)],
      undefined,
      [
        ['2024-02', '2024-06', 6000],
        ['2024-07', null, 8000],
      ],
    ],
    ['same month: the later assessment wins', [a('2024-01-05', 2), a('2024-01-25', 3)], undefined, [['2024-02', null, 8000]]],
    ['death mid-month stops from the month after', [a('2024-01-31', 2)], '2024-05-20', [['2024-02', '2024-05', 6000]]],
    [
      'an assessment effective after death is ignored',
      [a('2024-01-31', 2), a('2024-05-10', 3)],
      '2024-05-20',
      [['2024-02', '2024-05', 6000]],
    ],
  ])('%s', (_name, assessments, deathDate, expected) => {
    const p = planCareAllowance(assessments, DEFAULT_CARE_RULES, { deathDate });
    expect(p.eligible).toBe(true);
    expect(spans(p)).toEqual(expected);
    expect(p.startMonth).toBe(expected[0][0]);
    expect(p.endMonth).toBe(expected[expected.length - 1][1]);
  });

  it.each<[string, CareAssessmentRecord[], string | undefined, string]>([
    ['no assessment', [], undefined, 'no-assessment'],
    ['only levels below the threshold', [a('2024-01-31', 1), a('2024-06-01', 0)], undefined, 'level-below-threshold'],
    ['died in the assessment month', [a('2024-03-10', 3)], '2024-03-25', 'ended-before-start'],
    ['level not on the scale', [a('2024-03-10', 5)], undefined, 'invalid-input'],
    ['malformed date', [a('2024-02-30', 3)], undefined, 'invalid-input'],
  ])('not eligible: %s', (_name, assessments, deathDate, code) => {
    const p = planCareAllowance(assessments, DEFAULT_CARE_RULES, { deathDate });
    expect(p.eligible).toBe(false);
    expect(p.reasons.map((r) => r.code)).toEqual([code]);
    expect(p.segments).toEqual([]);
  });

  it('explains each segment and when reassessment is due', () => {
    const p = planCareAllowance([a('2024-01-31', 3), a('2024-08-05', 1), a('2025-02-03', 2)]);
    expect(p.segments[0].explanation).toBe(
      '护理补贴(重度失能,3级):每月80元,自2024-02起(2024-01-31评估为3级,评估次月起发放),至2024-08止(2024-08-05复评为1级,低于补贴等级,次月起停发)。',
    );
    expect(p.segments[1]).toMatchObject({ rule: 'care.level-2', to: null });
    expect(p.nextReassessmentDue).toBe('2026-02');
  });

  it('uses the policy scale: MZ/T 039-2013 levels 2–3', () => {
    const mzt: CareRules = {
      scale: 'MZ/T 039-2013',
      eligibleLevels: [2, 3],
      amountByLevel: { 2: 5000, 3: 7000 },
      reassessEveryMonths: 6,
    };
    const p = planCareAllowance([a('2024-01-31', 3)], mzt);
    expect(spans(p)).toEqual([['2024-02', null, 7000]]);
    expect(p.nextReassessmentDue).toBe('2024-07');
    expect(planCareAllowance([a('2024-01-31', 4)], mzt).reasons[0].code).toBe('invalid-input');
  });

  it('rejects inconsistent rules', () => {
    const p = planCareAllowance([a('2024-01-31', 3)], { ...DEFAULT_CARE_RULES, amountByLevel: { 2: 6000 } });
    expect(p.reasons.map((r) => r.code)).toEqual(['invalid-rules', 'invalid-rules']);
  });
});
