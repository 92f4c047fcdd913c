import { CASE_TYPES, type CaseType } from '@app/contracts/case-types';
import { ROLES } from '@app/contracts/roles';
import { validateCareRules } from '../assessment/care-allowance-rules';
import { validateHardshipRules } from '../entitlement/hardship-allowance';
import type { CasePolicy } from './case-policy';
import { careRules, hardshipRules } from './case-rules';
import {
  ARREARS_MAX_MONTHS,
  AGE_BOUNDS,
  durationProblem,
  MONTHLY_AMOUNT_FEN_BOUNDS,
  wholeInRange,
  type DurationUse,
} from './policy-bounds';
import { STEP_CODES, type StepCode } from './steps';

export interface PolicyProblem {
  field: string;
  message: string;
}

/** Steps each case type's workflow knows how to run; a policy may order and omit, not invent. */
const CHAIN_STEPS: Record<CaseType, readonly StepCode[]> = {
  'hardship-allowance': ['acceptance', 'review', 'notice', 'approval'],
  'care-allowance': ['acceptance', 'assessment', 'review', 'notice', 'approval'],
  'trial-stay': ['acceptance', 'check_in'],
};

/** Steps a case type opens outside its chain, which its policy must give a role and deadline. */
const REQUIRED_EXTRA_STEPS: Record<CaseType, readonly StepCode[]> = {
  'hardship-allowance': ['objection', 'supplement', 'decision', 'annual_review'],
  'care-allowance': ['objection', 'supplement', 'decision', 'reassessment'],
  'trial-stay': ['objection', 'supplement', 'decision', 'trial_decision', 'admission'],
};

/**
 * Checks a policy body before it is stored as a new version: a county edits data, and data that
 * the workflows cannot run must be refused with the field named, never discovered by a stuck case.
 */
export function validateCasePolicy(body: unknown, caseType: CaseType): PolicyProblem[] {
  const problems: PolicyProblem[] = [];
  const duration = (field: string, value: unknown, use: DurationUse) => {
    const message = durationProblem(value, use);
    if (message) problems.push({ field, message });
  };
  const p = body as Partial<CasePolicy> | null;
  if (typeof p !== 'object' || p === null) return [{ field: 'body', message: 'must be an object' }];
  if (p.caseType !== caseType) problems.push({ field: 'body.caseType', message: `must be ${caseType}` });
  if (!CASE_TYPES.includes(caseType)) return [{ field: 'caseType', message: 'unknown case type' }];
  if (typeof p.title !== 'string' || p.title.trim() === '') problems.push({ field: 'body.title', message: 'is required' });

  if (!Array.isArray(p.chain) || p.chain.length === 0) {
    problems.push({ field: 'body.chain', message: 'must list at least one step' });
  } else {
    const allowed = CHAIN_STEPS[caseType];
    const seen = new Set<string>();
    p.chain.forEach((s, i) => {
      const f = `body.chain[${i}]`;
      if (!s || typeof s !== 'object') return problems.push({ field: f, message: 'must be an object' });
      if (!allowed.includes(s.step)) problems.push({ field: `${f}.step`, message: `must be one of: ${allowed.join(', ')}` });
      if (seen.has(s.step)) problems.push({ field: `${f}.step`, message: 'appears twice' });
      seen.add(s.step);
      if (s.kind === 'task') {
        if (!ROLES.includes(s.role)) problems.push({ field: `${f}.role`, message: `must be one of: ${ROLES.join(', ')}` });
        duration(`${f}.deadline`, s.deadline, 'deadline');
      } else if (s.kind === 'notice') {
        duration(`${f}.period`, s.period, 'notice');
      } else {
        problems.push({ field: `${f}.kind`, message: 'must be task or notice' });
      }
    });
    if (p.chain[0]?.step !== 'acceptance') problems.push({ field: 'body.chain[0].step', message: 'the chain starts with acceptance' });
  }

  for (const step of REQUIRED_EXTRA_STEPS[caseType]) {
    const s = p.steps?.[step];
    const f = `body.steps.${step}`;
    if (!s) {
      problems.push({ field: f, message: 'is required (role and deadline)' });
      continue;
    }
    if (!ROLES.includes(s.role)) problems.push({ field: `${f}.role`, message: `must be one of: ${ROLES.join(', ')}` });
    duration(`${f}.deadline`, s.deadline, 'deadline');
  }
  for (const step of Object.keys(p.steps ?? {})) {
    if (!STEP_CODES.includes(step as StepCode)) problems.push({ field: `body.steps.${step}`, message: 'is not a known step' });
  }

  const e = p.escalation;
  if (!e || !Number.isInteger(e.maxLevel) || e.maxLevel < 1 || e.maxLevel > 3)
    problems.push({ field: 'body.escalation.maxLevel', message: 'must be 1, 2 or 3' });
  if (e && e.repeatAfter !== null) duration('body.escalation.repeatAfter', e.repeatAfter, 'escalation');
  if (!['refusal', 'all', 'none'].includes(p.writtenDecision as string))
    problems.push({ field: 'body.writtenDecision', message: 'must be refusal, all or none' });

  if (typeof p.rules !== 'object' || p.rules === null || Array.isArray(p.rules)) {
    problems.push({ field: 'body.rules', message: 'must be an object' });
    return problems;
  }
  problems.push(...RULE_BOUNDS[caseType](p.rules, duration));

  // The type's own consistency rules (band order, levels on the scale) need well-formed values.
  if (problems.length === 0) {
    const policy = p as CasePolicy;
    const ruleProblems =
      caseType === 'hardship-allowance'
        ? validateHardshipRules(hardshipRules(policy))
        : caseType === 'care-allowance'
          ? validateCareRules(careRules(policy))
          : [];
    for (const message of ruleProblems) problems.push({ field: 'body.rules', message });
  }
  return problems;
}

const monthlyAmount = `must be a whole number of fen from ${MONTHLY_AMOUNT_FEN_BOUNDS.min} to ${MONTHLY_AMOUNT_FEN_BOUNDS.max}`;

type DurationCheck = (field: string, value: unknown, use: DurationUse) => void;

/** Shapes and bounds of each case type's rules, field by field; a rule left out keeps its default. */
const RULE_BOUNDS: Record<CaseType, (rules: Record<string, unknown>, duration: DurationCheck) => PolicyProblem[]> = {
  'hardship-allowance': (r, duration) => {
    const problems: PolicyProblem[] = [];
    const age = `a whole number of years from ${AGE_BOUNDS.min} to ${AGE_BOUNDS.max}`;
    if ('minAge' in r && !wholeInRange(r.minAge, AGE_BOUNDS.min, AGE_BOUNDS.max))
      problems.push({ field: 'body.rules.minAge', message: `must be ${age}` });
    if ('eligibleCategories' in r && (!Array.isArray(r.eligibleCategories) || !r.eligibleCategories.every((c) => typeof c === 'string')))
      problems.push({ field: 'body.rules.eligibleCategories', message: 'must be a list of roster categories' });
    if ('ageBands' in r) {
      if (!Array.isArray(r.ageBands) || r.ageBands.length === 0 || r.ageBands.length > 20) {
        problems.push({ field: 'body.rules.ageBands', message: 'must list 1 to 20 bands' });
      } else {
        r.ageBands.forEach((b: unknown, i) => {
          const band = (typeof b === 'object' && b !== null ? b : {}) as Record<string, unknown>;
          if (!wholeInRange(band.fromAge, AGE_BOUNDS.min, AGE_BOUNDS.max))
            problems.push({ field: `body.rules.ageBands[${i}].fromAge`, message: `must be ${age}` });
          if (!wholeInRange(band.amountFen, MONTHLY_AMOUNT_FEN_BOUNDS.min, MONTHLY_AMOUNT_FEN_BOUNDS.max))
            problems.push({ field: `body.rules.ageBands[${i}].amountFen`, message: monthlyAmount });
        });
      }
    }
    if ('arrears' in r) {
      const a = r.arrears as Record<string, unknown> | null;
      if (typeof a !== 'object' || a === null) problems.push({ field: 'body.rules.arrears', message: 'must be an object' });
      else if (a.maxMonths !== undefined && !wholeInRange(a.maxMonths, 0, ARREARS_MAX_MONTHS))
        problems.push({
          field: 'body.rules.arrears.maxMonths',
          message: `must be a whole number of months from 0 to ${ARREARS_MAX_MONTHS}`,
        });
    }
    if ('annualReviewEvery' in r) duration('body.rules.annualReviewEvery', r.annualReviewEvery, 'period');
    return problems;
  },
  'care-allowance': (r, duration) => {
    const problems: PolicyProblem[] = [];
    if ('eligibleLevels' in r && (!Array.isArray(r.eligibleLevels) || !r.eligibleLevels.every((l) => wholeInRange(l, 0, 10))))
      problems.push({ field: 'body.rules.eligibleLevels', message: 'must be a list of assessment levels' });
    if ('amountByLevel' in r) {
      const amounts = r.amountByLevel;
      if (typeof amounts !== 'object' || amounts === null || Array.isArray(amounts)) {
        problems.push({ field: 'body.rules.amountByLevel', message: 'must map levels to monthly amounts in fen' });
      } else {
        for (const [level, amount] of Object.entries(amounts))
          if (!wholeInRange(amount, MONTHLY_AMOUNT_FEN_BOUNDS.min, MONTHLY_AMOUNT_FEN_BOUNDS.max))
            problems.push({ field: `body.rules.amountByLevel.${level}`, message: monthlyAmount });
      }
    }
    if ('reassessEveryMonths' in r && !wholeInRange(r.reassessEveryMonths, 1, 60))
      problems.push({ field: 'body.rules.reassessEveryMonths', message: 'must be a whole number of months from 1 to 60' });
    if ('reassessEvery' in r) duration('body.rules.reassessEvery', r.reassessEvery, 'period');
    return problems;
  },
  'trial-stay': (r, duration) => {
    const problems: PolicyProblem[] = [];
    if ('trialPeriod' in r) duration('body.rules.trialPeriod', r.trialPeriod, 'trial');
    if ('trialDays' in r && !wholeInRange(r.trialDays, 1, 180))
      problems.push({ field: 'body.rules.trialDays', message: 'must be a whole number of days from 1 to 180' });
    if ('withdrawalBar' in r && r.withdrawalBar !== null) {
      const bar = (typeof r.withdrawalBar === 'object' && r.withdrawalBar ? r.withdrawalBar : {}) as Record<string, unknown>;
      if (!wholeInRange(bar.withdrawals, 1, 10))
        problems.push({ field: 'body.rules.withdrawalBar.withdrawals', message: 'must be from 1 to 10' });
      if (!wholeInRange(bar.withinDays, 1, 3660))
        problems.push({ field: 'body.rules.withdrawalBar.withinDays', message: 'must be a whole number of days from 1 to 3660' });
      if (!wholeInRange(bar.barDays, 0, 3660))
        problems.push({ field: 'body.rules.withdrawalBar.barDays', message: 'must be a whole number of days from 0 to 3660' });
    }
    if ('priorityCategories' in r && (!Array.isArray(r.priorityCategories) || !r.priorityCategories.every((c) => typeof c === 'string')))
      problems.push({ field: 'body.rules.priorityCategories', message: 'must be a list of self-care categories' });
    if ('waitingListThresholdPct' in r && !wholeInRange(r.waitingListThresholdPct, 0, 100))
      problems.push({ field: 'body.rules.waitingListThresholdPct', message: 'must be a whole percentage from 0 to 100' });
    if ('selfCare' in r) {
      const sc = (typeof r.selfCare === 'object' && r.selfCare ? r.selfCare : {}) as Record<string, unknown>;
      if (!wholeInRange(sc.cannotSelfCareFromUnmet, 1, 6))
        problems.push({ field: 'body.rules.selfCare.cannotSelfCareFromUnmet', message: 'must be from 1 to 6 of the six daily activities' });
    }
    return problems;
  },
};
