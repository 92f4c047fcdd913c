import { FIELD_PROBLEMS_ZH } from '@app/contracts/field-messages';
import { ARREARS_MAX_MONTHS, AGE_BOUNDS, MONTHLY_AMOUNT_FEN_BOUNDS, wholeInRange, type DurationUse } from './policy-bounds';

export interface PolicyProblem {
  field: string;
  message: string;
}

const monthlyAmount = `应为 ${MONTHLY_AMOUNT_FEN_BOUNDS.min} 至 ${MONTHLY_AMOUNT_FEN_BOUNDS.max} 的整数(单位:分)`;

export type DurationCheck = (field: string, value: unknown, use: DurationUse) => void;

/** Checks the shapes and bounds of one case type's `rules`, field by field. */
export type RuleBounds = (rules: Record<string, unknown>, duration: DurationCheck) => PolicyProblem[];

/** Shapes and bounds of each case type's rules, field by field; a rule left out keeps its default. */
/** Shapes and bounds of each case type's rules, field by field; a rule left out keeps its default. The case-type registry names each type's. */
export const hardshipRuleBounds: RuleBounds = (r, duration) => {
  const problems: PolicyProblem[] = [];
  const age = `应为 ${AGE_BOUNDS.min} 至 ${AGE_BOUNDS.max} 的整数周岁`;
  if ('minAge' in r && !wholeInRange(r.minAge, AGE_BOUNDS.min, AGE_BOUNDS.max)) problems.push({ field: 'body.rules.minAge', message: age });
  if ('eligibleCategories' in r && (!Array.isArray(r.eligibleCategories) || !r.eligibleCategories.every((c) => typeof c === 'string')))
    problems.push({ field: 'body.rules.eligibleCategories', message: '应为名单类别的列表' });
  if ('ageBands' in r) {
    if (!Array.isArray(r.ageBands) || r.ageBands.length === 0 || r.ageBands.length > 20) {
      problems.push({ field: 'body.rules.ageBands', message: '应列出 1 至 20 个年龄段' });
    } else {
      r.ageBands.forEach((b: unknown, i) => {
        const band = (typeof b === 'object' && b !== null ? b : {}) as Record<string, unknown>;
        if (!wholeInRange(band.fromAge, AGE_BOUNDS.min, AGE_BOUNDS.max))
          problems.push({ field: `body.rules.ageBands[${i}].fromAge`, message: age });
        if (!wholeInRange(band.amountFen, MONTHLY_AMOUNT_FEN_BOUNDS.min, MONTHLY_AMOUNT_FEN_BOUNDS.max))
          problems.push({ field: `body.rules.ageBands[${i}].amountFen`, message: monthlyAmount });
      });
    }
  }
  if ('arrears' in r) {
    const a = r.arrears as Record<string, unknown> | null;
    if (typeof a !== 'object' || a === null) problems.push({ field: 'body.rules.arrears', message: FIELD_PROBLEMS_ZH.notAnObject });
    else if (a.maxMonths !== undefined && !wholeInRange(a.maxMonths, 0, ARREARS_MAX_MONTHS))
      problems.push({
        field: 'body.rules.arrears.maxMonths',
        message: `应为 0 至 ${ARREARS_MAX_MONTHS} 的整月数`,
      });
  }
  if ('annualReviewEvery' in r) duration('body.rules.annualReviewEvery', r.annualReviewEvery, 'period');
  return problems;
};
export const careRuleBounds: RuleBounds = (r, duration) => {
  const problems: PolicyProblem[] = [];
  if ('eligibleLevels' in r && (!Array.isArray(r.eligibleLevels) || !r.eligibleLevels.every((l) => wholeInRange(l, 0, 10))))
    problems.push({ field: 'body.rules.eligibleLevels', message: '应为评估等级的列表' });
  if ('amountByLevel' in r) {
    const amounts = r.amountByLevel;
    if (typeof amounts !== 'object' || amounts === null || Array.isArray(amounts)) {
      problems.push({ field: 'body.rules.amountByLevel', message: '应为各等级的月发放标准(单位:分)' });
    } else {
      for (const [level, amount] of Object.entries(amounts))
        if (!wholeInRange(amount, MONTHLY_AMOUNT_FEN_BOUNDS.min, MONTHLY_AMOUNT_FEN_BOUNDS.max))
          problems.push({ field: `body.rules.amountByLevel.${level}`, message: monthlyAmount });
    }
  }
  if ('reassessEveryMonths' in r && !wholeInRange(r.reassessEveryMonths, 1, 60))
    problems.push({ field: 'body.rules.reassessEveryMonths', message: '应为 1 至 60 的整月数' });
  if ('reassessEvery' in r) duration('body.rules.reassessEvery', r.reassessEvery, 'period');
  return problems;
};
export const trialStayRuleBounds: RuleBounds = (r, duration) => {
  const problems: PolicyProblem[] = [];
  if ('trialPeriod' in r) duration('body.rules.trialPeriod', r.trialPeriod, 'trial');
  if ('trialDays' in r && !wholeInRange(r.trialDays, 1, 180))
    problems.push({ field: 'body.rules.trialDays', message: '应为 1 至 180 的整天数' });
  if ('withdrawalBar' in r && r.withdrawalBar !== null) {
    const bar = (typeof r.withdrawalBar === 'object' && r.withdrawalBar ? r.withdrawalBar : {}) as Record<string, unknown>;
    if (!wholeInRange(bar.withdrawals, 1, 10)) problems.push({ field: 'body.rules.withdrawalBar.withdrawals', message: '应为 1 至 10 次' });
    if (!wholeInRange(bar.withinDays, 1, 3660))
      problems.push({ field: 'body.rules.withdrawalBar.withinDays', message: '应为 1 至 3660 的整天数' });
    if (!wholeInRange(bar.barDays, 0, 3660))
      problems.push({ field: 'body.rules.withdrawalBar.barDays', message: '应为 0 至 3660 的整天数' });
  }
  if ('priorityCategories' in r && (!Array.isArray(r.priorityCategories) || !r.priorityCategories.every((c) => typeof c === 'string')))
    problems.push({ field: 'body.rules.priorityCategories', message: '应为自理能力类别的列表' });
  if ('waitingListThresholdPct' in r && !wholeInRange(r.waitingListThresholdPct, 0, 100))
    problems.push({ field: 'body.rules.waitingListThresholdPct', message: '应为 0 至 100 的整数百分比' });
  if ('selfCare' in r) {
    const sc = (typeof r.selfCare === 'object' && r.selfCare ? r.selfCare : {}) as Record<string, unknown>;
    if (!wholeInRange(sc.cannotSelfCareFromUnmet, 1, 6))
      problems.push({ field: 'body.rules.selfCare.cannotSelfCareFromUnmet', message: '应为 1 至 6 项(共六项日常生活活动)' });
  }
  return problems;
};
