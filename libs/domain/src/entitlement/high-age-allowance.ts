import { AmountSegment, EntitlementPlan, EntitlementReason, formatYuan, notEligible } from './entitlement-plan';
import type { AgeBand, ArrearsRule } from './hardship-allowance';
import {
  BusinessDate,
  LeapDayBirthdayRule,
  YearMonth,
  addMonths,
  compareMonths,
  isBusinessDate,
  maxMonth,
  minMonth,
  monthOf,
  nthBirthday,
} from './month-math';

/**
 * High-age allowance (高龄津贴), seed 002 task 6: "面向…户籍80周岁以上老年人精准发放高龄津贴,
 * 每人每月不低于60元". Read as a civil-affairs officer would: "80周岁以上" includes 80 (以上 counts
 * the number itself), no means test, registration (户籍) in the county is the only other
 * condition, and 60 yuan is a floor every band must meet, not the amount. Paid from the month of
 * the 80th birthday, like the hardship allowance from its birthday month; a late applicant is
 * paid back no earlier than the arrears rule allows (proactive enrollment at 80 makes that moot).
 */
export interface HighAgeRules {
  readonly minAge: number;
  /** The seed's floor: no band may pay less (每人每月不低于60元). */
  readonly floorFen: number;
  /** Ascending by fromAge; the first band starts at minAge; a band applies from its birthday month. */
  readonly ageBands: readonly AgeBand[];
  readonly arrears: ArrearsRule;
  readonly leapDayRule: LeapDayBirthdayRule;
  /** The age at which the county opens the case itself from the household register (免申即享). */
  readonly proactiveEnrollmentAge: number | null;
}

/** Default bands: the seed's 60-yuan floor for 80–89; 90+ and 100+ are county choices, edited as data. */
export const DEFAULT_HIGH_AGE_RULES: HighAgeRules = {
  minAge: 80,
  floorFen: 6000,
  ageBands: [
    { fromAge: 80, amountFen: 6000 },
    { fromAge: 90, amountFen: 10000 },
    { fromAge: 100, amountFen: 30000 },
  ],
  arrears: { earliest: 'acceptance-month' },
  leapDayRule: 'feb-28',
  proactiveEnrollmentAge: 80,
};

export interface HighAgeAllowanceInput {
  readonly birthDate: BusinessDate;
  readonly residentOfCounty: boolean;
  readonly acceptedOn: BusinessDate;
  readonly appliedOn?: BusinessDate;
  readonly deathDate?: BusinessDate;
  readonly movedOutOn?: BusinessDate;
  /** A failed periodic check (年审 / 生存认证). */
  readonly reviewFailedOn?: BusinessDate;
}

const STOPS = [
  { key: 'deathDate', nameZh: '死亡' },
  { key: 'movedOutOn', nameZh: '户籍迁出本县' },
  { key: 'reviewFailedOn', nameZh: '年审未通过' },
] as const;

/** Problems that make the rules unusable; empty when they are consistent. */
export function validateHighAgeRules(rules: HighAgeRules): string[] {
  const problems: string[] = [];
  if (!Number.isInteger(rules.minAge) || rules.minAge < 0) problems.push(`minAge 应为整数周岁,现为 ${rules.minAge}`);
  if (!Number.isInteger(rules.floorFen) || rules.floorFen <= 0) problems.push(`floorFen 应为正整数(单位:分),现为 ${rules.floorFen}`);
  if (!Array.isArray(rules.ageBands) || rules.ageBands.length === 0) {
    problems.push('ageBands 不能为空,至少列出一个年龄段');
  } else if (rules.ageBands[0].fromAge > rules.minAge) {
    problems.push(`第一个年龄段从 ${rules.ageBands[0].fromAge} 岁起,高于 minAge ${rules.minAge} 岁`);
  }
  (Array.isArray(rules.ageBands) ? rules.ageBands : []).forEach((band, i) => {
    if (!Number.isInteger(band.fromAge) || band.fromAge < 0) problems.push(`年龄段 ${i}:fromAge 应为整数,现为 ${band.fromAge}`);
    if (i > 0 && band.fromAge <= rules.ageBands[i - 1].fromAge)
      problems.push(`年龄段 ${i}:fromAge ${band.fromAge} 应大于上一个年龄段的起始年龄`);
    if (!Number.isInteger(band.amountFen) || band.amountFen < rules.floorFen) {
      problems.push(`年龄段 ${i}:amountFen 应为不低于最低标准 ${rules.floorFen} 的整数(单位:分),现为 ${band.amountFen}`);
    }
  });
  const max = rules.arrears?.maxMonths;
  if (max !== undefined && (!Number.isInteger(max) || max < 0)) problems.push(`arrears.maxMonths 应为不小于 0 的整数,现为 ${max}`);
  if (rules.arrears?.earliest !== 'acceptance-month' && rules.arrears?.earliest !== 'application-month') {
    problems.push(`arrears.earliest 无法识别:${String(rules.arrears?.earliest)}`);
  }
  if (rules.leapDayRule !== 'feb-28' && rules.leapDayRule !== 'mar-01') problems.push(`leapDayRule 无法识别:${String(rules.leapDayRule)}`);
  const p = rules.proactiveEnrollmentAge;
  if (p !== null && (!Number.isInteger(p) || p < rules.minAge)) {
    problems.push(`proactiveEnrollmentAge 应为空(null)或不小于 minAge ${rules.minAge} 的整数,现为 ${String(p)}`);
  }
  return problems;
}

/**
 * Plans the high-age allowance month by month: from the latest of the minAge-birthday month and
 * the arrears limit, through the month of the earliest stop event (death, moving the household
 * registration out, failed annual check); each band from the month of its birthday.
 */
export function planHighAgeAllowance(input: HighAgeAllowanceInput, rules: HighAgeRules = DEFAULT_HIGH_AGE_RULES): EntitlementPlan {
  const ruleProblems = validateHighAgeRules(rules);
  if (ruleProblems.length > 0) return notEligible(ruleProblems.map((message) => ({ code: 'invalid-rules', message })));
  const dates: [string, unknown][] = [
    ['birthDate', input.birthDate],
    ['acceptedOn', input.acceptedOn],
    ...(['appliedOn', 'deathDate', 'movedOutOn', 'reviewFailedOn'] as const)
      .filter((k) => input[k] !== undefined)
      .map((k): [string, unknown] => [k, input[k]]),
  ];
  const bad = dates.filter(([, v]) => !isBusinessDate(v));
  if (bad.length > 0) {
    return notEligible(bad.map(([k, v]) => ({ code: 'invalid-input', message: `${k} is not a YYYY-MM-DD date: ${String(v)}` })));
  }

  const explanation: string[] = [];
  const reasons: EntitlementReason[] = [];
  const minBirthday = nthBirthday(input.birthDate, rules.minAge, rules.leapDayRule);
  const minMonthOfAge = monthOf(minBirthday);
  explanation.push(`出生日期${input.birthDate},年满${rules.minAge}周岁当月为${minMonthOfAge}(生日${minBirthday})。`);
  if (!input.residentOfCounty) reasons.push({ code: 'not-resident', message: '不是本县户籍居民。' });

  const acceptedMonth = monthOf(input.acceptedOn);
  let arrearsMonth = acceptedMonth;
  let arrearsText = `受理当月(受理日期${input.acceptedOn})`;
  if (rules.arrears.earliest === 'application-month' && input.appliedOn !== undefined) {
    arrearsMonth = monthOf(input.appliedOn);
    arrearsText = `申请当月(申请日期${input.appliedOn})`;
  }
  if (rules.arrears.maxMonths !== undefined) {
    const cap = addMonths(acceptedMonth, -rules.arrears.maxMonths);
    if (compareMonths(cap, arrearsMonth) > 0) {
      arrearsMonth = cap;
      arrearsText = `最多补发受理当月前${rules.arrears.maxMonths}个月`;
    }
  }
  explanation.push(`补发不早于${arrearsMonth}:${arrearsText}。`);

  const stops = STOPS.flatMap((s) => {
    const date = input[s.key];
    return date === undefined ? [] : [{ ...s, date, month: monthOf(date) }];
  });
  for (const s of stops) explanation.push(`${s.nameZh}日期${s.date},自次月${addMonths(s.month, 1)}起停发。`);
  if (reasons.length > 0) return notEligible(reasons, explanation);

  const start = maxMonth(minMonthOfAge, arrearsMonth);
  const last = stops.length > 0 ? minMonth(...stops.map((s) => s.month)) : null;
  if (last !== null && compareMonths(last, start) < 0) {
    return notEligible([{ code: 'ended-before-start', message: `津贴最早可自${start}起发放,但已于${last}终止。` }], explanation);
  }

  // Band runs: each band from its birthday month, clipped to [start, last]; the bands are few, so
  // an open-ended plan lists every later band from its birthday month (no horizon needed).
  const bands = rules.ageBands.map((band, i) => ({
    band,
    next: rules.ageBands[i + 1],
    month: monthOf(nthBirthday(input.birthDate, band.fromAge, rules.leapDayRule)),
  }));
  const segments: AmountSegment[] = [];
  bands.forEach((b, i) => {
    const from = maxMonth(b.month, start);
    const nextMonth = bands[i + 1]?.month;
    const bandEnd = nextMonth !== undefined ? addMonths(nextMonth, -1) : null;
    const to: YearMonth | null = bandEnd === null ? last : last === null ? bandEnd : minMonth(bandEnd, last);
    if (to !== null && compareMonths(from, to) > 0) return;
    const open = to === null;
    const label = b.next ? `${b.band.fromAge}–${b.next.fromAge - 1}周岁档` : `${b.band.fromAge}周岁及以上档`;
    const why = from === b.month ? `(年满${b.band.fromAge}周岁当月)` : from === arrearsMonth ? `(补发起点:${arrearsText})` : '';
    segments.push({
      from,
      to: open ? null : to,
      monthlyAmountFen: b.band.amountFen,
      rule: `high-age.age-band-${b.band.fromAge}`,
      explanation: `高龄津贴${label}:每月${formatYuan(b.band.amountFen)},自${from}起${why}${open ? ',持续发放' : `,至${to}止`}。`,
    });
  });
  explanation.push(`起始月份:${segments[0].from}。`);
  explanation.push(last === null ? '未设终止月份,持续发放至死亡、户籍迁出或年审未通过。' : `最后发放月份:${last}。`);
  return {
    eligible: true,
    reasons: [],
    startMonth: segments[0].from,
    endMonth: last,
    segments,
    explanation,
  };
}
