import { ASSESSMENT_ITEMS } from './assessment-items';
import { AssessmentInput, AssessmentScored, scoreAssessment } from './score-assessment';

/** Scores for all 26 items summing to `total`: start from full marks and take points off in order. */
function itemsWithTotal(total: number): Record<string, number> {
  const items: Record<string, number> = {};
  let toRemove = 90 - total;
  for (const item of ASSESSMENT_ITEMS) {
    const cut = Math.min(item.max, toRemove);
    items[item.code] = item.max - cut;
    toRemove -= cut;
  }
  return items;
}

function input(total: number, flags: Partial<Omit<AssessmentInput, 'items'>> = {}): AssessmentInput {
  return {
    items: itemsWithTotal(total),
    coma: false,
    dementia: false,
    psychiatricDiagnosis: false,
    careRiskEvents30d: 0,
    ...flags,
  };
}

function scored(i: AssessmentInput): AssessmentScored {
  const result = scoreAssessment(i);
  if (!result.ok) {
    throw new Error(JSON.stringify(result.errors));
  }
  return result;
}

describe('assessment catalogue', () => {
  it('has 26 items with dimension maxima 32/15/28/15 and total 90', () => {
    expect(ASSESSMENT_ITEMS).toHaveLength(26);
    const sum = (d: string) => ASSESSMENT_ITEMS.filter((i) => i.dimension === d).reduce((s, i) => s + i.max, 0);
    expect([sum('self_care'), sum('basic_motor'), sum('mental'), sum('perception_social')]).toEqual([32, 15, 28, 15]);
    expect(new Set(ASSESSMENT_ITEMS.map((i) => i.code)).size).toBe(26);
  });
});

describe('scoreAssessment: level by total', () => {
  it.each([
    [90, 0, '能力完好'],
    [89, 1, '轻度失能'],
    [66, 1, '轻度失能'],
    [65, 2, '中度失能'],
    [46, 2, '中度失能'],
    [45, 3, '重度失能'],
    [30, 3, '重度失能'],
    [29, 4, '完全失能'],
    [0, 4, '完全失能'],
  ])('total %i → level %i (%s)', (total, level, name) => {
    const r = scored(input(total));
    expect(r.total).toBe(total);
    expect(r.baseLevel).toBe(level);
    expect(r.finalLevel).toBe(level);
    expect(r.finalLevelNameZh).toBe(name);
    expect(r.adjustments).toEqual([]);
  });

  it('sums each dimension', () => {
    const r = scored(input(90));
    expect(r.dimensions).toEqual({
      self_care: { score: 32, max: 32 },
      basic_motor: { score: 15, max: 15 },
      mental: { score: 28, max: 28 },
      perception_social: { score: 15, max: 15 },
    });
    // 90 − 40: self-care loses all 32 points, basic motor loses 8.
    expect(scored(input(50)).dimensions.self_care.score).toBe(0);
    expect(scored(input(50)).dimensions.basic_motor.score).toBe(7);
  });
});

describe('scoreAssessment: adjustments', () => {
  it.each<[string, number, Partial<AssessmentInput>, number, string[]]>([
    ['dementia alone', 70, { dementia: true }, 2, ['dementia:raised-one-level']],
    ['psychiatric diagnosis alone', 70, { psychiatricDiagnosis: true }, 2, ['psychiatric-diagnosis:raised-one-level']],
    ['2 care-risk events', 70, { careRiskEvents30d: 2 }, 2, ['care-risk-events:raised-one-level']],
    ['1 care-risk event does not raise', 70, { careRiskEvents30d: 1 }, 1, []],
    ['level 0 raised to 1', 90, { dementia: true }, 1, ['dementia:raised-one-level']],
    [
      'dementia + psychiatric raise once',
      50,
      { dementia: true, psychiatricDiagnosis: true },
      3,
      ['dementia:raised-one-level', 'psychiatric-diagnosis:already-raised'],
    ],
    [
      'all three raise once',
      50,
      { dementia: true, psychiatricDiagnosis: true, careRiskEvents30d: 5 },
      3,
      ['dementia:raised-one-level', 'psychiatric-diagnosis:already-raised', 'care-risk-events:already-raised'],
    ],
    ['level 3 raised to the cap', 40, { careRiskEvents30d: 3 }, 4, ['care-risk-events:raised-one-level']],
    ['never above 4', 20, { dementia: true }, 4, ['dementia:at-maximum']],
    [
      'never above 4 with several',
      0,
      { dementia: true, careRiskEvents30d: 2 },
      4,
      ['dementia:at-maximum', 'care-risk-events:already-raised'],
    ],
    ['coma overrides a perfect score', 90, { coma: true }, 4, ['coma:set-to-level-4']],
    [
      'coma supersedes other adjustments',
      70,
      { coma: true, dementia: true, careRiskEvents30d: 2 },
      4,
      ['coma:set-to-level-4', 'dementia:superseded-by-coma', 'care-risk-events:superseded-by-coma'],
    ],
  ])('%s', (_name, total, flags, finalLevel, effects) => {
    const r = scored(input(total, flags));
    expect(r.finalLevel).toBe(finalLevel);
    expect(r.adjustments.map((a) => `${a.code}:${a.effect}`)).toEqual(effects);
    for (const a of r.adjustments) {
      expect(a.textZh.length).toBeGreaterThan(0);
      expect(a.textEn.length).toBeGreaterThan(0);
    }
  });

  it('keeps the base level and explains the raise', () => {
    const r = scored(input(50, { dementia: true }));
    expect(r.baseLevel).toBe(2);
    expect(r.baseLevelNameZh).toBe('中度失能');
    expect(r.finalLevelNameZh).toBe('重度失能');
    expect(r.adjustments[0]).toMatchObject({ fromLevel: 2, toLevel: 3 });
    expect(r.adjustments[0].textZh).toContain('确诊痴呆');
  });
});

describe('scoreAssessment: validation', () => {
  it.each(ASSESSMENT_ITEMS.map((i) => [i.code, i.nameZh, i.max] as const))(
    '%s (%s) above its maximum %i is rejected',
    (code, nameZh, max) => {
      const i = input(90);
      const result = scoreAssessment({ ...i, items: { ...i.items, [code]: max + 1 } });
      expect(result.ok).toBe(false);
      if (!result.ok) {
        expect(result.errors).toHaveLength(1);
        expect(result.errors[0]).toMatchObject({ item: code, code: 'out-of-range' });
        expect(result.errors[0].message).toContain(code);
        expect(result.errors[0].message).toContain(nameZh);
        expect(result.errors[0].message).toContain(`0–${max}`);
      }
    },
  );

  it.each(ASSESSMENT_ITEMS.map((i) => [i.code] as const))('%s below 0 is rejected', (code) => {
    const i = input(90);
    const result = scoreAssessment({ ...i, items: { ...i.items, [code]: -1 } });
    expect(result).toMatchObject({ ok: false, errors: [{ item: code, code: 'out-of-range' }] });
  });

  it.each<[string, (items: Record<string, number>) => Record<string, number>, string, string]>([
    ['missing item', ({ eating: _e, ...rest }) => rest, 'eating', 'missing'],
    ['unknown item', (items) => ({ ...items, singing: 1 }), 'singing', 'unknown'],
    ['fractional score', (items) => ({ ...items, memory: 2.5 }), 'memory', 'not-integer'],
    ['NaN score', (items) => ({ ...items, vision: Number.NaN }), 'vision', 'not-integer'],
  ])('%s', (_name, change, item, code) => {
    const i = input(90);
    const result = scoreAssessment({ ...i, items: change({ ...i.items }) });
    expect(result).toMatchObject({ ok: false, errors: [{ item, code }] });
  });

  it('names item, Chinese name and range for a missing item', () => {
    const { eating: _e, ...items } = itemsWithTotal(90);
    const result = scoreAssessment({ ...input(90), items });
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.errors[0].message).toBe('eating (进食): score missing; expected an integer 0–4');
      expect(result.errors[0].messageZh).toBe('进食(eating)缺少评分,应为0–4的整数');
    }
  });

  it.each([
    [-1, 'out-of-range'],
    [1.5, 'not-integer'],
  ])('care-risk events %p → %s', (events, code) => {
    expect(scoreAssessment(input(90, { careRiskEvents30d: events }))).toMatchObject({
      ok: false,
      errors: [{ item: 'careRiskEvents30d', code }],
    });
  });

  it('reports every error at once', () => {
    const i = input(90);
    const result = scoreAssessment({ ...i, careRiskEvents30d: -2, items: { ...i.items, eating: 9, stairs: 4 } });
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.errors.map((e) => e.item)).toEqual(['eating', 'stairs', 'careRiskEvents30d']);
    }
  });
});
