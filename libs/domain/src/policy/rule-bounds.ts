import { ARREARS_MAX_MONTHS, AGE_BOUNDS, MONTHLY_AMOUNT_FEN_BOUNDS, wholeInRange, type DurationUse } from './policy-bounds';

export interface PolicyProblem {
  field: string;
  message: string;
}

const monthlyAmount = `must be a whole number of fen from ${MONTHLY_AMOUNT_FEN_BOUNDS.min} to ${MONTHLY_AMOUNT_FEN_BOUNDS.max}`;

export type DurationCheck = (field: string, value: unknown, use: DurationUse) => void;

/** Checks the shapes and bounds of one case type's `rules`, field by field. */
export type RuleBounds = (rules: Record<string, unknown>, duration: DurationCheck) => PolicyProblem[];

/** Shapes and bounds of each case type's rules, field by field; a rule left out keeps its default. */
/** Shapes and bounds of each case type's rules, field by field; a rule left out keeps its default. The case-type registry names each type's. */
export const hardshipRuleBounds: RuleBounds = (r, duration) => {
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
};
export const careRuleBounds: RuleBounds = (r, duration) => {
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
};
export const trialStayRuleBounds: RuleBounds = (r, duration) => {
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
};
