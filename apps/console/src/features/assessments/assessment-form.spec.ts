import { ASSESSMENT_ITEMS } from '@app/domain/assessment';
import {
  ASSESSMENT_GROUPS,
  emptyAssessmentForm,
  liveAssessment,
  setItemScore,
  toAssessmentData,
  type AssessmentFormState,
} from './assessment-form';

const allAtMax = (): AssessmentFormState => ASSESSMENT_ITEMS.reduce((s, i) => setItemScore(s, i.code, i.max), emptyAssessmentForm());

describe('assessment form state', () => {
  it('groups the 26 items by the four dimensions of GB/T 42195-2022', () => {
    expect(ASSESSMENT_GROUPS.map((g) => [g.nameZh, g.items.length])).toEqual([
      ['自理能力', 8],
      ['基础运动能力', 4],
      ['精神状态', 9],
      ['感知觉与社会参与', 5],
    ]);
  });

  it('shows a running total and what is missing until every item is scored', () => {
    const s = setItemScore(setItemScore(emptyAssessmentForm(), 'eating', 4), 'grooming', 3);
    const live = liveAssessment(s);
    expect(live).toMatchObject({ runningTotal: 7, missing: 24, scored: null });
    expect(toAssessmentData(s)).toBeNull();
  });

  it('gives the level once complete, and changes it live as an item changes', () => {
    const full = allAtMax();
    expect(liveAssessment(full).scored).toMatchObject({ total: 90, finalLevel: 0, finalLevelNameZh: '能力完好' });
    const lower = setItemScore(full, 'eating', 0);
    expect(liveAssessment(lower).scored).toMatchObject({ total: 86, finalLevel: 1, finalLevelNameZh: '轻度失能' });
  });

  it('applies the adjustments: dementia raises one level, coma sets level 4', () => {
    const mild = setItemScore(allAtMax(), 'eating', 0);
    expect(liveAssessment({ ...mild, dementia: true }).scored).toMatchObject({ baseLevel: 1, finalLevel: 2 });
    expect(liveAssessment({ ...mild, coma: true }).scored).toMatchObject({ finalLevel: 4 });
  });

  it('puts a range error on the item, in Chinese', () => {
    const s = setItemScore(allAtMax(), 'stairs', 4);
    const live = liveAssessment(s);
    expect(live.scored).toBeNull();
    expect(live.itemErrors.stairs).toContain('超出范围0–3');
  });
});
