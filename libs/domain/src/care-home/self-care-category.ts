import { DEFAULT_TRIAL_STAY_RULES, SELF_CARE_CATEGORIES, SelfCareCategory, TrialStayRules } from './trial-stay-rules';

/** The six activities of 特困人员认定办法 for self-care (生活自理能力). */
export type SelfCareActivity = 'eating' | 'dressing' | 'bed_transfer' | 'toileting' | 'indoor_walking' | 'bathing';

export const SELF_CARE_ACTIVITIES: readonly { readonly code: SelfCareActivity; readonly nameZh: string }[] = [
  { code: 'eating', nameZh: '自主吃饭' },
  { code: 'dressing', nameZh: '自主穿衣' },
  { code: 'bed_transfer', nameZh: '自主上下床' },
  { code: 'toileting', nameZh: '自主如厕' },
  { code: 'indoor_walking', nameZh: '室内自主行走' },
  { code: 'bathing', nameZh: '自主洗澡' },
];

/** Only 'independent' meets an activity; needing help counts as not met. */
export type ActivityRating = 'independent' | 'needs-help' | 'dependent';

export interface SelfCareAssessment {
  readonly category: SelfCareCategory;
  readonly careStandardZh: string;
  readonly unmetActivities: readonly SelfCareActivity[];
  readonly explanation: string;
}

const RATINGS: readonly ActivityRating[] = ['independent', 'needs-help', 'dependent'];

/**
 * 全自理 / 半护理 / 全护理 from the six activities: all met → self-care; some unmet but fewer
 * than `cannotSelfCareFromUnmet` (default 4) → partial; that many or more → cannot self-care.
 */
export function selfCareCategory(
  ratings: Readonly<Record<SelfCareActivity, ActivityRating>>,
  rules: Pick<TrialStayRules, 'selfCare'> = DEFAULT_TRIAL_STAY_RULES,
): SelfCareAssessment {
  for (const a of SELF_CARE_ACTIVITIES) {
    if (!RATINGS.includes(ratings[a.code])) {
      throw new RangeError(`${a.nameZh}(${a.code})的评定应为 ${RATINGS.join('、')} 之一,现为 ${String(ratings[a.code])}`);
    }
  }
  const unmet = SELF_CARE_ACTIVITIES.filter((a) => ratings[a.code] !== 'independent');
  const category: SelfCareCategory =
    unmet.length === 0 ? 'self-care' : unmet.length >= rules.selfCare.cannotSelfCareFromUnmet ? 'cannot-self-care' : 'partial';
  const info = SELF_CARE_CATEGORIES.find((c) => c.code === category) ?? SELF_CARE_CATEGORIES[0];
  const explanation =
    unmet.length === 0
      ? `6项指标全部达到,${info.descriptionZh}(${info.careStandardZh})。`
      : `${unmet.map((a) => a.nameZh).join('、')}共${unmet.length}项不能达到,${info.descriptionZh}(${info.careStandardZh})。`;
  return { category, careStandardZh: info.careStandardZh, unmetActivities: unmet.map((a) => a.code), explanation };
}
