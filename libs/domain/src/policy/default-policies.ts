import type { CasePolicy } from './case-policy';
import { DEFAULT_CARE_POLICY_RULES, DEFAULT_HARDSHIP_POLICY_RULES, DEFAULT_TRIAL_STAY_POLICY_RULES } from './case-rules';

export const wd = (amount: number) => ({ unit: 'working_days', amount }) as const;
export const cd = (amount: number) => ({ unit: 'calendar_days', amount }) as const;

/** Steps every case type may open outside its chain, with the brief's defaults. */
export const SHARED_STEPS: CasePolicy['steps'] = {
  objection: { role: 'township_officer', deadline: wd(5) },
  supplement: { role: 'township_officer', deadline: cd(30) },
  decision: { role: 'county_officer', deadline: wd(3) },
};

export const ESCALATION: CasePolicy['escalation'] = { repeatAfter: wd(3), maxLevel: 2 };

/*
 * Built-in policy versions for Pingyin County (平阴县, 370124), from the brief's defaults.
 * Each county edits its own copy as data; these are only the seed. The case-type registry
 * (../case-types) collects them into DEFAULT_POLICIES.
 */
export const DEFAULT_HARDSHIP_POLICY: CasePolicy = {
  caseType: 'hardship-allowance',
  title: '平阴县经济困难老年人补贴(平政办字〔2021〕15号;山东省2019年标准)',
  chain: [
    { kind: 'task', step: 'acceptance', role: 'township_officer', deadline: wd(5) },
    { kind: 'task', step: 'review', role: 'township_officer', deadline: wd(10) },
    { kind: 'notice', step: 'notice', period: cd(7) },
    { kind: 'task', step: 'approval', role: 'county_officer', deadline: wd(10) },
  ],
  steps: { ...SHARED_STEPS, annual_review: { role: 'township_officer', deadline: wd(20) } },
  escalation: ESCALATION,
  writtenDecision: 'refusal',
  rules: { ...DEFAULT_HARDSHIP_POLICY_RULES },
};

export const DEFAULT_CARE_POLICY: CasePolicy = {
  caseType: 'care-allowance',
  title: '平阴县护理补贴(GB/T 42195-2022 评估,2–4级)',
  chain: [
    { kind: 'task', step: 'acceptance', role: 'township_officer', deadline: wd(5) },
    { kind: 'task', step: 'assessment', role: 'assessor', deadline: wd(15) },
    { kind: 'task', step: 'review', role: 'township_officer', deadline: wd(10) },
    { kind: 'notice', step: 'notice', period: cd(7) },
    { kind: 'task', step: 'approval', role: 'county_officer', deadline: wd(10) },
  ],
  steps: { ...SHARED_STEPS, reassessment: { role: 'assessor', deadline: wd(15) } },
  escalation: ESCALATION,
  writtenDecision: 'refusal',
  rules: { ...DEFAULT_CARE_POLICY_RULES },
};

export const DEFAULT_TRIAL_STAY_POLICY: CasePolicy = {
  caseType: 'trial-stay',
  title: '平阴县分散供养特困人员敬老院试住',
  // Between acceptance and check-in the workflow reserves a bed or waits on the home's list (入住轮候);
  // the check-in deadline runs from when a bed is reserved. The trial period is rules.trialPeriod.
  chain: [
    { kind: 'task', step: 'acceptance', role: 'township_officer', deadline: wd(5) },
    { kind: 'task', step: 'check_in', role: 'township_officer', deadline: wd(5) },
  ],
  steps: {
    ...SHARED_STEPS,
    trial_decision: { role: 'township_officer', deadline: wd(5) },
    admission: { role: 'county_officer', deadline: wd(10) },
  },
  escalation: ESCALATION,
  writtenDecision: 'refusal',
  rules: { ...DEFAULT_TRIAL_STAY_POLICY_RULES },
};
