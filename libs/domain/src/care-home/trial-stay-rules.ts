/** Trial stays (试住) and admission to centralized support (集中供养): policy data. */

/** Self-care category for 特困 care standards, from the six daily activities. */
export type SelfCareCategory = 'cannot-self-care' | 'partial' | 'self-care';

export interface SelfCareCategoryInfo {
  readonly code: SelfCareCategory;
  /** Care standard (护理标准). */
  readonly careStandardZh: string;
  readonly descriptionZh: string;
}

export const SELF_CARE_CATEGORIES: readonly SelfCareCategoryInfo[] = [
  { code: 'cannot-self-care', careStandardZh: '全护理', descriptionZh: '完全丧失生活自理能力' },
  { code: 'partial', careStandardZh: '半护理', descriptionZh: '部分丧失生活自理能力' },
  { code: 'self-care', careStandardZh: '全自理', descriptionZh: '具备生活自理能力' },
];

export interface WithdrawalBarRule {
  /** This many voluntary withdrawals… */
  readonly withdrawals: number;
  /** …the last no more than this many days after the first… */
  readonly withinDays: number;
  /** …bar a new request for this many days after the last of them. */
  readonly barDays: number;
}

export interface SelfCareRule {
  /** Unmet activities from which an elder counts as unable to look after themselves. */
  readonly cannotSelfCareFromUnmet: number;
}

export interface TrialStayRules {
  readonly trialDays: number;
  /** null where the county has no such bar (it is one province's rule). */
  readonly withdrawalBar: WithdrawalBarRule | null;
  /** Waiting-list priority, highest first; categories not listed come after all listed ones. */
  readonly priorityCategories: readonly string[];
  /** Occupancy (%) of a public home above which a waiting list (入住轮候) is kept. */
  readonly waitingListThresholdPct: number;
  readonly selfCare: SelfCareRule;
}

export const DEFAULT_TRIAL_STAY_RULES: TrialStayRules = {
  trialDays: 30,
  withdrawalBar: { withdrawals: 2, withinDays: 365, barDays: 365 },
  priorityCategories: ['cannot-self-care', 'partial', 'self-care'],
  waitingListThresholdPct: 70,
  // 特困人员认定办法: all six met → self-care; 1–3 unmet → partial; 4 or more → cannot.
  selfCare: { cannotSelfCareFromUnmet: 4 },
};
