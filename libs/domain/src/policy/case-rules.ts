import { DEFAULT_CARE_RULES, type CareRules } from '../assessment/care-allowance-rules';
import { DEFAULT_TRIAL_STAY_RULES, type TrialStayRules } from '../care-home/trial-stay-rules';
import { DEFAULT_HARDSHIP_RULES, type HardshipRules } from '../entitlement/hardship-allowance';
import type { CasePolicy } from './case-policy';
import type { DurationPolicy } from './duration';

/** Economic-hardship allowance rules, plus how often the annual review (年审) comes up. */
export interface HardshipPolicyRules extends HardshipRules {
  annualReviewEvery: DurationPolicy;
}

/** Care allowance rules, plus the routine reassessment period as a duration the workflow waits. */
export interface CarePolicyRules extends CareRules {
  reassessEvery: DurationPolicy;
}

/** Trial stay rules, plus the trial period as a duration the workflow waits. */
export interface TrialStayPolicyRules extends TrialStayRules {
  trialPeriod: DurationPolicy;
}

export const DEFAULT_HARDSHIP_POLICY_RULES: HardshipPolicyRules = {
  ...DEFAULT_HARDSHIP_RULES,
  annualReviewEvery: { unit: 'months', amount: 12 },
};

export const DEFAULT_CARE_POLICY_RULES: CarePolicyRules = {
  ...DEFAULT_CARE_RULES,
  reassessEvery: { unit: 'months', amount: DEFAULT_CARE_RULES.reassessEveryMonths },
};

export const DEFAULT_TRIAL_STAY_POLICY_RULES: TrialStayPolicyRules = {
  ...DEFAULT_TRIAL_STAY_RULES,
  trialPeriod: { unit: 'calendar_days', amount: DEFAULT_TRIAL_STAY_RULES.trialDays },
};

/** A policy's rules over the built-in defaults: a county states only what it changes. */
export function hardshipRules(policy: CasePolicy): HardshipPolicyRules {
  return { ...DEFAULT_HARDSHIP_POLICY_RULES, ...(policy.rules as Partial<HardshipPolicyRules>) };
}

export function careRules(policy: CasePolicy): CarePolicyRules {
  return { ...DEFAULT_CARE_POLICY_RULES, ...(policy.rules as Partial<CarePolicyRules>) };
}

export function trialStayRules(policy: CasePolicy): TrialStayPolicyRules {
  return { ...DEFAULT_TRIAL_STAY_POLICY_RULES, ...(policy.rules as Partial<TrialStayPolicyRules>) };
}
