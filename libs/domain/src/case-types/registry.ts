import { CASE_TYPES, type CaseType } from '@app/contracts/case-types';
import { validateCareRules } from '../assessment/care-allowance-rules';
import { nthBirthdayMonth, type LeapDayBirthdayRule } from '../dates/age';
import { planCareAllowance, type CareAssessmentRecord } from '../entitlement/care-allowance';
import type { EntitlementPlan } from '../entitlement/entitlement-plan';
import { planHardshipAllowance, validateHardshipRules, type RosterSpell } from '../entitlement/hardship-allowance';
import { DEFAULT_HIGH_AGE_RULES, planHighAgeAllowance, validateHighAgeRules, type HighAgeRules } from '../entitlement/high-age-allowance';
import type { CasePolicy } from '../policy/case-policy';
import { careRules, hardshipRules, trialStayRules } from '../policy/case-rules';
import {
  DEFAULT_CARE_POLICY,
  DEFAULT_HARDSHIP_POLICY,
  DEFAULT_TRIAL_STAY_POLICY,
  ESCALATION,
  SHARED_STEPS,
  wd,
} from '../policy/default-policies';
import { isDurationPolicy, type DurationPolicy } from '../policy/duration';
import { careRuleBounds, hardshipRuleBounds, trialStayRuleBounds, type RuleBounds } from '../policy/rule-bounds';
import type { StepCode } from '../policy/steps';

/**
 * What the engine knows about one case type, in one place. Every dispatch on the case type reads
 * this table, and the table is checked against CASE_TYPES by the compiler (`satisfies Record<…>`),
 * so a new type that is missing here, or a dispatch point that forgets one, does not compile.
 * The type's name, label and case-number prefix live beside CASE_TYPES in libs/contracts, which
 * the API and workflows read without loading the rules.
 */
export interface CaseTypeDefinition {
  /** The workflow function (its export name in workflows/index.ts) that runs a case of this type. */
  readonly workflow: string;
  /** The built-in policy version a county starts from (policy data, seeded at version 1). */
  readonly defaultPolicy: CasePolicy;
  /** Steps the workflow knows how to run in its chain; a policy may order and omit, not invent. */
  readonly chainSteps: readonly StepCode[];
  /** Steps opened outside the chain, which the policy must give a role and deadline. */
  readonly extraSteps: readonly StepCode[];
  /** Shapes and bounds of the policy's `rules`, field by field, before they are read. */
  readonly ruleBounds: RuleBounds;
  /** Problems with the type-specific `rules` of a policy body (already shaped as a CasePolicy). */
  validateRules(policy: CasePolicy): string[];
  /** How a paid allowance is planned month by month; null when the type pays no allowance. */
  readonly allowance: AllowancePlanner | null;
}

/** Facts of an allowance case that its planner may read; the activity gathers what `needs` lists. */
export interface AllowanceFacts {
  readonly birthDate: string;
  readonly acceptedOn: string;
  readonly appliedOn: string;
  readonly residentOfCounty: boolean;
  readonly deathDate?: string;
  readonly movedOutOn?: string;
  /** Set when a periodic review (年审 / 生存认证) failed on that date. */
  readonly reviewFailedOn?: string;
  readonly rosterSpells: readonly RosterSpell[];
  readonly assessments: readonly CareAssessmentRecord[];
}

export interface AllowancePlanner {
  /** Which facts beyond the person and the case the planner reads (each costs a query). */
  readonly needs: { readonly rosterSpells: boolean; readonly assessments: boolean };
  /** The plan, and the inputs stored with the entitlement revision (no birth date: personal data). */
  plan(facts: AllowanceFacts, policy: CasePolicy): { plan: EntitlementPlan; inputs: Record<string, unknown> };
  /** When the elder's age gates the case: the age and leap-day rule from the policy. */
  ageGate?(policy: CasePolicy): { minAge: number; leapDayRule: LeapDayBirthdayRule };
  /** How often the workflow opens the periodic review of a paid allowance. */
  reviewEvery?(policy: CasePolicy): DurationPolicy;
}

const stopEvents = (f: AllowanceFacts) => ({
  ...(f.deathDate ? { deathDate: f.deathDate } : {}),
  ...(f.movedOutOn ? { movedOutOn: f.movedOutOn } : {}),
  ...(f.reviewFailedOn ? { reviewFailedOn: f.reviewFailedOn } : {}),
});

/** High-age allowance rules, plus how often the annual check (年审, 生存认证) comes up. */
export interface HighAgePolicyRules extends HighAgeRules {
  annualReviewEvery: DurationPolicy;
}

const highAgeRules = (policy: CasePolicy): HighAgePolicyRules => ({
  ...DEFAULT_HIGH_AGE_RULES,
  annualReviewEvery: { unit: 'months', amount: 12 },
  ...(policy.rules as Partial<HighAgePolicyRules>),
});

export const CASE_TYPE_REGISTRY = {
  'hardship-allowance': {
    workflow: 'hardshipAllowanceWorkflow',
    defaultPolicy: DEFAULT_HARDSHIP_POLICY,
    chainSteps: ['acceptance', 'review', 'notice', 'approval'],
    extraSteps: ['objection', 'supplement', 'decision', 'annual_review'],
    ruleBounds: hardshipRuleBounds,
    validateRules: (policy) => validateHardshipRules(hardshipRules(policy)),
    allowance: {
      needs: { rosterSpells: true, assessments: false },
      plan(f, policy) {
        const rules = hardshipRules(policy);
        const input = {
          birthDate: f.birthDate,
          residentOfCounty: f.residentOfCounty,
          rosterSpells: f.rosterSpells,
          acceptedOn: f.acceptedOn,
          appliedOn: f.appliedOn,
          ...stopEvents(f),
          horizon: nthBirthdayMonth(f.birthDate, 100, rules.leapDayRule),
        };
        return { plan: planHardshipAllowance(input, rules), inputs: { ...input, birthDate: undefined } };
      },
      ageGate: (policy) => ({ minAge: hardshipRules(policy).minAge, leapDayRule: hardshipRules(policy).leapDayRule }),
      reviewEvery: (policy) => hardshipRules(policy).annualReviewEvery,
    },
  },
  'care-allowance': {
    workflow: 'careAllowanceWorkflow',
    defaultPolicy: DEFAULT_CARE_POLICY,
    chainSteps: ['acceptance', 'assessment', 'review', 'notice', 'approval'],
    extraSteps: ['objection', 'supplement', 'decision', 'reassessment'],
    ruleBounds: careRuleBounds,
    validateRules: (policy) => validateCareRules(careRules(policy)),
    allowance: {
      needs: { rosterSpells: false, assessments: true },
      plan(f, policy) {
        const plan = planCareAllowance(f.assessments, careRules(policy), f.deathDate ? { deathDate: f.deathDate } : {});
        return { plan, inputs: { assessments: f.assessments, deathDate: f.deathDate ?? null } };
      },
    },
  },
  'trial-stay': {
    workflow: 'trialStayWorkflow',
    defaultPolicy: DEFAULT_TRIAL_STAY_POLICY,
    chainSteps: ['acceptance', 'check_in'],
    extraSteps: ['objection', 'supplement', 'decision', 'trial_decision', 'admission'],
    ruleBounds: trialStayRuleBounds,
    validateRules: (policy) => (isDurationPolicy(trialStayRules(policy).trialPeriod) ? [] : ['trialPeriod 应为期限 { unit, amount }']),
    // Centralized support changes the dispersed payment (payroll); the case itself plans no allowance.
    allowance: null,
  },
  'high-age-allowance': {
    workflow: 'highAgeAllowanceWorkflow',
    // No means test and no roster: age and registration are documents, so no public notice by default
    // (a county that wants one adds the notice step to its chain).
    defaultPolicy: {
      caseType: 'high-age-allowance',
      title: '高龄津贴(80周岁以上本县户籍老年人,每人每月不低于60元)',
      chain: [
        { kind: 'task', step: 'acceptance', role: 'township_officer', deadline: wd(5) },
        { kind: 'task', step: 'review', role: 'township_officer', deadline: wd(10) },
        { kind: 'task', step: 'approval', role: 'county_officer', deadline: wd(10) },
      ],
      steps: { ...SHARED_STEPS, annual_review: { role: 'township_officer', deadline: wd(20) } },
      escalation: ESCALATION,
      writtenDecision: 'refusal',
      rules: { ...DEFAULT_HIGH_AGE_RULES, annualReviewEvery: { unit: 'months', amount: 12 } },
    },
    chainSteps: ['acceptance', 'review', 'notice', 'approval'],
    extraSteps: ['objection', 'supplement', 'decision', 'annual_review'],
    // The hardship bounds cover the same fields (minAge, ageBands, arrears, annualReviewEvery).
    ruleBounds: hardshipRuleBounds,
    validateRules: (policy) => {
      const rules = highAgeRules(policy);
      return [
        ...validateHighAgeRules(rules),
        ...(isDurationPolicy(rules.annualReviewEvery) ? [] : ['annualReviewEvery 应为期限 { unit, amount }']),
      ];
    },
    allowance: {
      needs: { rosterSpells: false, assessments: false },
      plan(f, policy) {
        const input = {
          birthDate: f.birthDate,
          residentOfCounty: f.residentOfCounty,
          acceptedOn: f.acceptedOn,
          appliedOn: f.appliedOn,
          ...stopEvents(f),
        };
        return { plan: planHighAgeAllowance(input, highAgeRules(policy)), inputs: { ...input, birthDate: undefined } };
      },
      ageGate: (policy) => ({ minAge: highAgeRules(policy).minAge, leapDayRule: highAgeRules(policy).leapDayRule }),
      reviewEvery: (policy) => highAgeRules(policy).annualReviewEvery,
    },
  },
} satisfies Record<CaseType, CaseTypeDefinition>;

/** The definition of a case type; the compiler knows every CaseType has one. */
export function caseTypeDefinition(caseType: CaseType): CaseTypeDefinition {
  return CASE_TYPE_REGISTRY[caseType];
}

/** A case type read from outside (a URL, a stored row): checked, never assumed. */
export function isCaseType(value: unknown): value is CaseType {
  return typeof value === 'string' && (CASE_TYPES as readonly string[]).includes(value);
}

/** The built-in policy of each type, as seeded. */
export const DEFAULT_POLICIES: Record<CaseType, CasePolicy> = Object.fromEntries(
  CASE_TYPES.map((t) => [t, CASE_TYPE_REGISTRY[t].defaultPolicy]),
) as Record<CaseType, CasePolicy>;
