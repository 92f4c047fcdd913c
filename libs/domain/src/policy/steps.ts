import type { Role } from '@app/contracts/roles';

/** Every human step or period a case can pass through. Which ones a case type uses is policy data. */
export const STEP_CODES = [
  'acceptance',
  'review',
  'notice',
  'objection',
  'approval',
  'decision',
  'supplement',
  'assessment',
  'annual_review',
  'reassessment',
  'check_in',
  'trial_decision',
  'admission',
  'waiting_list',
  'trial_period',
] as const;
export type StepCode = (typeof STEP_CODES)[number];

export const STEP_LABELS: Record<StepCode, string> = {
  acceptance: '受理',
  review: '乡镇审核(入户调查)',
  notice: '公示',
  objection: '公示异议处理',
  approval: '县级审批',
  decision: '书面决定',
  supplement: '补正材料',
  assessment: '能力评估',
  annual_review: '年审',
  reassessment: '复评',
  check_in: '试住入住',
  trial_decision: '试住期满决定',
  admission: '集中供养审批',
  waiting_list: '入住轮候',
  trial_period: '试住期',
};

/** The outcomes an officer may choose at each step. `reject`, `return`, `upheld`, `fail` and `leave` need a reason. */
export const STEP_OUTCOMES: Record<StepCode, readonly string[]> = {
  acceptance: ['accept', 'reject', 'return'],
  review: ['pass', 'reject', 'return'],
  notice: [],
  objection: ['dismissed', 'upheld'],
  approval: ['approve', 'reject', 'return'],
  decision: ['issued'],
  supplement: ['received', 'abandoned'],
  assessment: ['submitted'],
  annual_review: ['pass', 'fail'],
  reassessment: ['submitted'],
  check_in: ['checked_in', 'not_arrived'],
  trial_decision: ['stay', 'leave'],
  admission: ['approve', 'reject'],
  waiting_list: [],
  trial_period: [],
};

export const OUTCOMES_NEEDING_REASON: readonly string[] = ['reject', 'return', 'upheld', 'fail', 'leave', 'abandoned', 'not_arrived'];

/** The role that normally works each step; a case type's policy may override it per step. */
export const DEFAULT_STEP_ROLE: Record<StepCode, Role> = {
  acceptance: 'township_officer',
  review: 'township_officer',
  notice: 'township_officer',
  objection: 'township_officer',
  approval: 'county_officer',
  decision: 'county_officer',
  supplement: 'township_officer',
  assessment: 'assessor',
  annual_review: 'township_officer',
  reassessment: 'assessor',
  check_in: 'township_officer',
  trial_decision: 'township_officer',
  admission: 'county_officer',
  waiting_list: 'township_officer',
  trial_period: 'township_officer',
};
