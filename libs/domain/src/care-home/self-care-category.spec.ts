import { ActivityRating, SelfCareActivity, selfCareCategory, SELF_CARE_ACTIVITIES } from './self-care-category';

/** All activities independent except those listed. */
function ratings(unmet: Partial<Record<SelfCareActivity, ActivityRating>>): Record<SelfCareActivity, ActivityRating> {
  const all = Object.fromEntries(SELF_CARE_ACTIVITIES.map((a) => [a.code, 'independent'])) as Record<SelfCareActivity, ActivityRating>;
  return { ...all, ...unmet };
}

describe('selfCareCategory (特困人员认定办法: 0 unmet / 1–3 / 4+)', () => {
  it.each<[string, Partial<Record<SelfCareActivity, ActivityRating>>, string, string]>([
    ['all six met', {}, 'self-care', '全自理'],
    ['one needs help', { bathing: 'needs-help' }, 'partial', '半护理'],
    ['three unmet', { bathing: 'dependent', dressing: 'needs-help', toileting: 'needs-help' }, 'partial', '半护理'],
    [
      'four unmet',
      { bathing: 'dependent', dressing: 'needs-help', toileting: 'needs-help', indoor_walking: 'dependent' },
      'cannot-self-care',
      '全护理',
    ],
    [
      'all six dependent',
      {
        eating: 'dependent',
        dressing: 'dependent',
        bed_transfer: 'dependent',
        toileting: 'dependent',
        indoor_walking: 'dependent',
        bathing: 'dependent',
      },
      'cannot-self-care',
      '全护理',
    ],
  ])('%s → %s', (_name, unmet, category, standard) => {
    const r = selfCareCategory(ratings(unmet));
    expect(r.category).toBe(category);
    expect(r.careStandardZh).toBe(standard);
    expect(r.unmetActivities).toHaveLength(Object.keys(unmet).length);
  });

  it('explains which activities are unmet', () => {
    expect(selfCareCategory(ratings({ eating: 'needs-help', bathing: 'dependent' })).explanation).toBe(
      '自主吃饭、自主洗澡共2项不能达到,部分丧失生活自理能力(半护理)。',
    );
  });

  it('takes the threshold from the rules', () => {
    const r = selfCareCategory(ratings({ eating: 'dependent', bathing: 'dependent', dressing: 'dependent' }), {
      selfCare: { cannotSelfCareFromUnmet: 3 },
    });
    expect(r.category).toBe('cannot-self-care');
  });

  it('rejects a missing or unknown rating', () => {
    const bad = { ...ratings({}), eating: 'sometimes' } as unknown as Record<SelfCareActivity, ActivityRating>;
    expect(() => selfCareCategory(bad)).toThrow(RangeError);
  });
});
