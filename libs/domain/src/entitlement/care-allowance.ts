import {
  CAPABILITY_LEVELS,
  CareRules,
  DEFAULT_CARE_RULES,
  careAllowanceMonthlyFen,
  isLevelOnScale,
  validateCareRules,
} from '../assessment';
import { AmountSegment, EntitlementPlan, EntitlementReason, formatYuan, notEligible } from './entitlement-plan';
import { BusinessDate, YearMonth, addMonths, compareDates, compareMonths, isBusinessDate, monthOf } from './month-math';

// The care rules belong with the levels they name; re-exported so entitlement callers find them here.
export type { CareRules } from '../assessment';
export { DEFAULT_CARE_RULES } from '../assessment';

export interface CareAssessmentRecord {
  readonly assessedOn: BusinessDate;
  /** Final level on the rules' scale (after adjustments). */
  readonly level: number;
}

export interface CareEndEvents {
  readonly deathDate?: BusinessDate;
}

export interface CareEntitlementPlan extends EntitlementPlan {
  /** Month the routine reassessment falls due while payment is open; null otherwise. */
  readonly nextReassessmentDue: YearMonth | null;
}

function levelName(level: number, rules: CareRules): string {
  if (rules.scale === 'GB/T 42195-2022') {
    const info = CAPABILITY_LEVELS.find((l) => l.level === level);
    if (info) return `${info.nameZh},${level}级`;
  }
  return `${rules.scale} ${level}级`;
}

interface OpenSegment {
  readonly from: YearMonth;
  readonly level: number;
  readonly amountFen: number;
  readonly startedBy: CareAssessmentRecord;
}

/**
 * Plans the care allowance (护理补贴) from a person's assessments.
 *
 * Each assessment takes effect from the month after the month it was made. An eligible level
 * starts or changes the amount from then; a level below the threshold stops payment from then
 * (so the assessment month is the last paid month); a later eligible assessment restarts it.
 * Death stops payment from the month after death. Reassessment falling due does not stop
 * payment by itself: it is reported in `nextReassessmentDue` for the case officer.
 */
export function planCareAllowance(
  assessments: readonly CareAssessmentRecord[],
  rules: CareRules = DEFAULT_CARE_RULES,
  endEvents: CareEndEvents = {},
): CareEntitlementPlan {
  const withNoDue = (plan: EntitlementPlan): CareEntitlementPlan => ({ ...plan, nextReassessmentDue: null });

  const ruleProblems = validateCareRules(rules);
  if (ruleProblems.length > 0) {
    return withNoDue(notEligible(ruleProblems.map((message) => ({ code: 'invalid-rules', message }))));
  }
  const inputProblems: string[] = [];
  assessments.forEach((a, i) => {
    if (!isBusinessDate(a.assessedOn)) {
      inputProblems.push(`assessments[${i}].assessedOn is not a YYYY-MM-DD date: ${String(a.assessedOn)}`);
    }
    if (!isLevelOnScale(a.level, rules.scale)) {
      inputProblems.push(`assessments[${i}].level ${a.level} is not a level of ${rules.scale}`);
    }
  });
  if (endEvents.deathDate !== undefined && !isBusinessDate(endEvents.deathDate)) {
    inputProblems.push(`deathDate is not a YYYY-MM-DD date: ${String(endEvents.deathDate)}`);
  }
  if (inputProblems.length > 0) {
    return withNoDue(notEligible(inputProblems.map((message) => ({ code: 'invalid-input', message }))));
  }
  if (assessments.length === 0) {
    return withNoDue(notEligible([{ code: 'no-assessment', message: '尚无能力评估结果。' }]));
  }

  const explanation: string[] = [];
  const deathDate = endEvents.deathDate;
  const deathMonth = deathDate === undefined ? null : monthOf(deathDate);

  // Stable sort: assessments on the same day keep their input order, the later one wins.
  const ordered = assessments
    .map((a, i) => ({ a, i }))
    .sort((x, y) => compareDates(x.a.assessedOn, y.a.assessedOn) || x.i - y.i)
    .map((x) => x.a);

  const effective: { month: YearMonth; a: CareAssessmentRecord }[] = [];
  for (const a of ordered) {
    const month = addMonths(monthOf(a.assessedOn), 1);
    const eligible = careAllowanceMonthlyFen(a.level, rules) !== null;
    explanation.push(`${a.assessedOn}评估为${levelName(a.level, rules)},${eligible ? '达到' : '未达到'}护理补贴等级,自${month}起生效。`);
    if (deathMonth !== null && compareMonths(month, deathMonth) > 0) {
      explanation.push(`该评估生效月份${month}在死亡(${deathDate})之后,不产生发放。`);
      continue;
    }
    const last = effective[effective.length - 1];
    if (last && last.month === month) {
      explanation.push(`同月生效的较早评估(${last.a.assessedOn})被本次评估取代。`);
      effective[effective.length - 1] = { month, a };
    } else {
      effective.push({ month, a });
    }
  }

  const segments: AmountSegment[] = [];
  const close = (open: OpenSegment, to: YearMonth | null, endText: string) => {
    const startText = `${open.startedBy.assessedOn}评估为${open.level}级,评估次月起发放`;
    segments.push({
      from: open.from,
      to,
      monthlyAmountFen: open.amountFen,
      rule: `care.level-${open.level}`,
      explanation: `护理补贴(${levelName(open.level, rules)}):每月${formatYuan(open.amountFen)},自${open.from}起(${startText})${endText}。`,
    });
  };

  let current: OpenSegment | null = null;
  let lastAssessment: CareAssessmentRecord | null = null;
  for (const { month, a } of effective) {
    lastAssessment = a;
    const amount = careAllowanceMonthlyFen(a.level, rules);
    if (amount !== null) {
      if (current && current.level === a.level) continue; // reassessment confirms the level
      if (current) {
        close(current, addMonths(month, -1), `,至${addMonths(month, -1)}止(${a.assessedOn}复评为${a.level}级,次月起改按新等级)`);
      }
      current = { from: month, level: a.level, amountFen: amount, startedBy: a };
    } else if (current) {
      close(current, addMonths(month, -1), `,至${addMonths(month, -1)}止(${a.assessedOn}复评为${a.level}级,低于补贴等级,次月起停发)`);
      current = null;
    }
  }

  let nextReassessmentDue: YearMonth | null = null;
  if (current) {
    if (deathMonth !== null) {
      close(current, deathMonth, `,至${deathMonth}止(死亡当月,${deathDate};次月起停发)`);
    } else {
      close(current, null, ',持续发放');
      if (lastAssessment) {
        nextReassessmentDue = addMonths(monthOf(lastAssessment.assessedOn), rules.reassessEveryMonths);
        explanation.push(`按政策每${rules.reassessEveryMonths}个月复评,下次复评应在${nextReassessmentDue}。`);
      }
    }
  }

  if (segments.length === 0) {
    const reasons: EntitlementReason[] = ordered.some((a) => careAllowanceMonthlyFen(a.level, rules) !== null)
      ? [{ code: 'ended-before-start', message: `符合等级的评估在死亡(${deathDate})之后才生效,不产生发放。` }]
      : [
          {
            code: 'level-below-threshold',
            message: `评估等级均未达到护理补贴等级(${rules.eligibleLevels.join('、')}级,${rules.scale})。`,
          },
        ];
    return withNoDue(notEligible(reasons, explanation));
  }

  return {
    eligible: true,
    reasons: [],
    startMonth: segments[0].from,
    endMonth: segments[segments.length - 1].to,
    segments,
    explanation,
    nextReassessmentDue,
  };
}
