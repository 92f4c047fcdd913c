import { EntitlementPlan, EntitlementReason, AmountSegment, formatYuan, notEligible } from './entitlement-plan';
import {
  BusinessDate,
  LeapDayBirthdayRule,
  YearMonth,
  addMonths,
  compareDates,
  compareMonths,
  isBusinessDate,
  isYearMonth,
  maxMonth,
  minMonth,
  monthOf,
  monthsBetween,
  nthBirthday,
} from './month-math';

/** Economic-hardship allowance (经济困难老年人补贴): policy data a county can edit. */

export interface AgeBand {
  /** The band applies from the month of the birthday that reaches this age. */
  readonly fromAge: number;
  readonly amountFen: number;
}

export interface ArrearsRule {
  /**
   * No payment for months before this month: the month the application was accepted (受理)
   * or the month it was filed (申请).
   */
  readonly earliest: 'acceptance-month' | 'application-month';
  /** Optionally, never more than this many months before the acceptance month. */
  readonly maxMonths?: number;
}

export interface HardshipRules {
  readonly minAge: number;
  /** Roster categories that qualify, e.g. 'dibao' (低保), 'tekun' (特困), 'dishouru' (低收入). */
  readonly eligibleCategories: readonly string[];
  /** Ascending by fromAge; the first band must start at or below minAge. */
  readonly ageBands: readonly AgeBand[];
  readonly arrears: ArrearsRule;
  readonly leapDayRule: LeapDayBirthdayRule;
}

/** Shandong 2019 scheme: 80 / 100 / 200 / 300 yuan a month from 60 / 80 / 90 / 100. */
export const DEFAULT_HARDSHIP_RULES: HardshipRules = {
  minAge: 60,
  eligibleCategories: ['dibao', 'tekun', 'dishouru'],
  ageBands: [
    { fromAge: 60, amountFen: 8000 },
    { fromAge: 80, amountFen: 10000 },
    { fromAge: 90, amountFen: 20000 },
    { fromAge: 100, amountFen: 30000 },
  ],
  arrears: { earliest: 'acceptance-month' },
  leapDayRule: 'feb-28',
};

export const ROSTER_CATEGORY_NAMES: Readonly<Record<string, string>> = {
  dibao: '低保',
  tekun: '特困',
  dishouru: '低收入',
};

export interface RosterSpell {
  readonly category: string;
  readonly from: BusinessDate;
  /** Last day on the roster; null = still on it. */
  readonly to: BusinessDate | null;
}

export interface HardshipAllowanceInput {
  readonly birthDate: BusinessDate;
  readonly residentOfCounty: boolean;
  readonly rosterSpells: readonly RosterSpell[];
  readonly acceptedOn: BusinessDate;
  /** Needed only when arrears run from the application month. */
  readonly appliedOn?: BusinessDate;
  readonly deathDate?: BusinessDate;
  readonly movedOutOn?: BusinessDate;
  readonly rosterLeftOn?: BusinessDate;
  readonly reviewFailedOn?: BusinessDate;
  /** Last month through which age-band changes are described when payment is open-ended. */
  readonly horizon: YearMonth;
}

type StopEventKey = 'deathDate' | 'movedOutOn' | 'rosterLeftOn' | 'reviewFailedOn';

const STOP_EVENTS: readonly { key: StopEventKey; nameZh: string }[] = [
  { key: 'deathDate', nameZh: '死亡' },
  { key: 'movedOutOn', nameZh: '户籍迁出本县' },
  { key: 'rosterLeftOn', nameZh: '退出困难名单' },
  { key: 'reviewFailedOn', nameZh: '年审未通过' },
];

function categoryName(category: string): string {
  return ROSTER_CATEGORY_NAMES[category] ?? category;
}

/** Problems that make the rules unusable; empty when they are consistent. */
export function validateHardshipRules(rules: HardshipRules): string[] {
  const problems: string[] = [];
  if (!Number.isInteger(rules.minAge) || rules.minAge < 0) {
    problems.push(`minAge 应为整数周岁,现为 ${rules.minAge}`);
  }
  if (rules.eligibleCategories.length === 0) {
    problems.push('eligibleCategories 不能为空');
  }
  if (rules.ageBands.length === 0) {
    problems.push('ageBands 不能为空,至少列出一个年龄段');
  } else if (rules.ageBands[0].fromAge > rules.minAge) {
    problems.push(`第一个年龄段从 ${rules.ageBands[0].fromAge} 岁起,高于 minAge ${rules.minAge} 岁`);
  }
  rules.ageBands.forEach((band, i) => {
    if (!Number.isInteger(band.fromAge) || band.fromAge < 0) {
      problems.push(`年龄段 ${i}:fromAge 应为整数,现为 ${band.fromAge}`);
    }
    if (i > 0 && band.fromAge <= rules.ageBands[i - 1].fromAge) {
      problems.push(`年龄段 ${i}:fromAge ${band.fromAge} 应大于上一个年龄段的起始年龄`);
    }
    if (!Number.isInteger(band.amountFen) || band.amountFen <= 0) {
      problems.push(`年龄段 ${i}:amountFen 应为正整数(单位:分),现为 ${band.amountFen}`);
    }
  });
  const max = rules.arrears.maxMonths;
  if (max !== undefined && (!Number.isInteger(max) || max < 0)) {
    problems.push(`arrears.maxMonths 应为不小于 0 的整数,现为 ${max}`);
  }
  if (rules.arrears.earliest !== 'acceptance-month' && rules.arrears.earliest !== 'application-month') {
    problems.push(`arrears.earliest 无法识别:${String(rules.arrears.earliest)}`);
  }
  if (rules.leapDayRule !== 'feb-28' && rules.leapDayRule !== 'mar-01') {
    problems.push(`leapDayRule 无法识别:${String(rules.leapDayRule)}`);
  }
  return problems;
}

function validateInput(input: HardshipAllowanceInput): string[] {
  const problems: string[] = [];
  const date = (name: string, value: unknown, optional: boolean) => {
    if (optional && value === undefined) return;
    if (!isBusinessDate(value)) problems.push(`${name} is not a YYYY-MM-DD date: ${String(value)}`);
  };
  date('birthDate', input.birthDate, false);
  date('acceptedOn', input.acceptedOn, false);
  date('appliedOn', input.appliedOn, true);
  for (const e of STOP_EVENTS) date(e.key, input[e.key], true);
  if (!isYearMonth(input.horizon)) problems.push(`horizon is not a YYYY-MM month: ${String(input.horizon)}`);
  input.rosterSpells.forEach((s, i) => {
    date(`rosterSpells[${i}].from`, s.from, false);
    if (s.to !== null) date(`rosterSpells[${i}].to`, s.to, false);
    if (isBusinessDate(s.from) && s.to !== null && isBusinessDate(s.to) && compareDates(s.from, s.to) > 0) {
      problems.push(`rosterSpells[${i}] ends (${s.to}) before it starts (${s.from})`);
    }
  });
  if (
    input.appliedOn !== undefined &&
    isBusinessDate(input.appliedOn) &&
    isBusinessDate(input.acceptedOn) &&
    compareDates(input.appliedOn, input.acceptedOn) > 0
  ) {
    problems.push(`appliedOn ${input.appliedOn} is after acceptedOn ${input.acceptedOn}`);
  }
  return problems;
}

interface SpellMonths {
  readonly spell: RosterSpell;
  readonly fromMonth: YearMonth;
  readonly toMonth: YearMonth | null;
}

interface BandStart {
  readonly band: AgeBand;
  readonly nextBand: AgeBand | undefined;
  readonly birthday: BusinessDate;
  readonly month: YearMonth;
}

function bandLabel(b: BandStart): string {
  return b.nextBand ? `${b.band.fromAge}–${b.nextBand.fromAge - 1}周岁档` : `${b.band.fromAge}周岁及以上档`;
}

/**
 * Plans the economic-hardship allowance month by month.
 *
 * Paid months: from the latest of the minAge-birthday month, the first month on an eligible roster
 * spell at that age, and the arrears limit; through the month of the earliest stop event (death,
 * moving out, leaving the roster, failed annual review) or the end of the last roster spell.
 * Months between roster spells are not paid. Each age band starts in its birthday month.
 */
export function planHardshipAllowance(input: HardshipAllowanceInput, rules: HardshipRules = DEFAULT_HARDSHIP_RULES): EntitlementPlan {
  const ruleProblems = validateHardshipRules(rules);
  if (ruleProblems.length > 0) {
    return notEligible(ruleProblems.map((message) => ({ code: 'invalid-rules', message })));
  }
  const inputProblems = validateInput(input);
  if (inputProblems.length > 0) {
    return notEligible(inputProblems.map((message) => ({ code: 'invalid-input', message })));
  }

  const explanation: string[] = [];
  const reasons: EntitlementReason[] = [];

  const bandStarts: BandStart[] = rules.ageBands.map((band, i) => {
    const birthday = nthBirthday(input.birthDate, band.fromAge, rules.leapDayRule);
    return { band, nextBand: rules.ageBands[i + 1], birthday, month: monthOf(birthday) };
  });
  const minAgeBirthday = nthBirthday(input.birthDate, rules.minAge, rules.leapDayRule);
  const minAgeMonth = monthOf(minAgeBirthday);
  const leapNote =
    input.birthDate.slice(5) === '02-29' && minAgeBirthday.slice(5) !== '02-29'
      ? `(2月29日出生,平年生日按${rules.leapDayRule === 'feb-28' ? '2月28日' : '3月1日'}计)`
      : '';
  explanation.push(`出生日期${input.birthDate},年满${rules.minAge}周岁当月为${minAgeMonth}(生日${minAgeBirthday}${leapNote})。`);

  if (!input.residentOfCounty) {
    reasons.push({ code: 'not-resident', message: '不是本县户籍居民。' });
  }

  const eligibleSpells: SpellMonths[] = input.rosterSpells
    .filter((s) => rules.eligibleCategories.includes(s.category))
    .map((spell) => ({ spell, fromMonth: monthOf(spell.from), toMonth: spell.to === null ? null : monthOf(spell.to) }))
    .sort((a, b) => compareMonths(a.fromMonth, b.fromMonth));
  const spellsAtAge = eligibleSpells.filter((s) => s.toMonth === null || compareMonths(s.toMonth, minAgeMonth) >= 0);
  const categoriesZh = rules.eligibleCategories.map(categoryName).join('、');
  if (eligibleSpells.length === 0) {
    reasons.push({ code: 'no-eligible-roster-spell', message: `没有${categoriesZh}名单记录。` });
  } else if (spellsAtAge.length === 0) {
    reasons.push({
      code: 'no-eligible-roster-spell',
      message: `${categoriesZh}名单期间均在年满${rules.minAge}周岁当月(${minAgeMonth})之前结束。`,
    });
  }
  for (const s of spellsAtAge) {
    explanation.push(
      s.spell.to === null
        ? `${categoryName(s.spell.category)}名单期间:自${s.spell.from}起,仍在册。`
        : `${categoryName(s.spell.category)}名单期间:${s.spell.from}至${s.spell.to}。`,
    );
  }

  // Arrears limit.
  const acceptedMonth = monthOf(input.acceptedOn);
  let arrearsMonth = acceptedMonth;
  let arrearsText = `受理当月(受理日期${input.acceptedOn})`;
  if (rules.arrears.earliest === 'application-month') {
    if (input.appliedOn !== undefined) {
      arrearsMonth = monthOf(input.appliedOn);
      arrearsText = `申请当月(申请日期${input.appliedOn})`;
    } else {
      explanation.push('政策按申请当月补发,但未提供申请日期,按受理当月计。');
    }
  }
  if (rules.arrears.maxMonths !== undefined) {
    const cap = addMonths(acceptedMonth, -rules.arrears.maxMonths);
    if (compareMonths(cap, arrearsMonth) > 0) {
      arrearsMonth = cap;
      arrearsText = `最多补发受理当月前${rules.arrears.maxMonths}个月(受理日期${input.acceptedOn})`;
    }
  }
  explanation.push(`补发不早于${arrearsMonth}:${arrearsText}。`);

  // Stop events: the last paid month is the month of the earliest one.
  const stops = STOP_EVENTS.flatMap((e) => {
    const date = input[e.key];
    return date === undefined ? [] : [{ ...e, date, month: monthOf(date) }];
  });
  for (const s of stops) {
    explanation.push(`${s.nameZh}日期${s.date},自次月${addMonths(s.month, 1)}起停发。`);
  }
  const lastEventMonth = stops.length > 0 ? minMonth(...stops.map((s) => s.month)) : null;

  if (reasons.length > 0) {
    return notEligible(reasons, explanation);
  }

  const openSpell = spellsAtAge.some((s) => s.toMonth === null);
  const lastSpellMonth = openSpell ? null : maxMonth(...spellsAtAge.map((s) => s.toMonth as YearMonth));
  const candidates = [lastEventMonth, lastSpellMonth].filter((m): m is YearMonth => m !== null);
  const lastMonth = candidates.length > 0 ? minMonth(...candidates) : null;

  const scanStart = maxMonth(minAgeMonth, arrearsMonth, spellsAtAge[0].fromMonth);
  const scanEnd = lastMonth ?? maxMonth(input.horizon, scanStart, ...spellsAtAge.map((s) => s.fromMonth));

  // The scan counts months as offsets from scanStart (compared as numbers, not parsed each time).
  const offset = (m: YearMonth) => monthsBetween(scanStart, m);
  const spellSpans = spellsAtAge.map((s) => ({ from: offset(s.fromMonth), to: s.toMonth === null ? Infinity : offset(s.toMonth) }));
  const bandOffsets = bandStarts.map((b) => offset(b.month));
  const covered = (k: number) => spellSpans.some((s) => s.from <= k && k <= s.to);
  const bandAt = (k: number): BandStart => {
    let found = bandStarts[0];
    bandOffsets.forEach((b, i) => {
      if (b <= k) found = bandStarts[i];
    });
    return found;
  };

  const spans: { from: number; to: number; band: BandStart }[] = [];
  const end = offset(scanEnd);
  for (let k = 0; k <= end; k++) {
    if (!covered(k)) continue;
    const band = bandAt(k);
    const last = spans[spans.length - 1];
    if (last && last.band === band && last.to + 1 === k) last.to = k;
    else spans.push({ from: k, to: k, band });
  }
  const runs = spans.map((r) => ({ from: addMonths(scanStart, r.from), to: addMonths(scanStart, r.to), band: r.band }));

  if (runs.length === 0) {
    const why = stops
      .filter((s) => s.month === lastMonth)
      .map((s) => `${s.nameZh}(${s.date})`)
      .concat(lastSpellMonth !== null && lastSpellMonth === lastMonth ? ['困难名单期间结束'] : []);
    return notEligible(
      [
        {
          code: 'ended-before-start',
          message: `补贴最早可自${scanStart}起发放,但${lastMonth === null ? '此后无在册月份' : `已于${lastMonth}终止:${why.join('、')}`}。`,
        },
      ],
      explanation,
    );
  }

  const startText = (from: YearMonth, first: boolean, band: BandStart): string => {
    const parts: string[] = [];
    if (first && from === minAgeMonth) parts.push(`年满${rules.minAge}周岁当月,生日${minAgeBirthday}`);
    if (band.month === from && band.band.fromAge > rules.minAge) {
      parts.push(`年满${band.band.fromAge}周岁当月,生日${band.birthday}`);
    }
    for (const s of spellsAtAge) {
      if (s.fromMonth === from) parts.push(`纳入${categoryName(s.spell.category)}名单当月,${s.spell.from}`);
    }
    if (first && from === arrearsMonth) parts.push(`补发起点:${arrearsText}`);
    return parts.length > 0 ? `(${parts.join(';')})` : '';
  };
  const endText = (to: YearMonth, next: (typeof runs)[number] | undefined): string => {
    const parts: string[] = [];
    // Adjacent runs are split only by a band change.
    if (next && next.from === addMonths(to, 1)) {
      parts.push(`次月年满${next.band.band.fromAge}周岁,改按新档`);
    }
    for (const s of stops) if (s.month === to) parts.push(`${s.nameZh}当月,${s.date}`);
    for (const s of spellsAtAge) {
      if (s.toMonth === to) parts.push(`${categoryName(s.spell.category)}名单期间至${s.spell.to}结束`);
    }
    return parts.length > 0 ? `(${parts.join(';')})` : '';
  };

  const segments: AmountSegment[] = runs.map((run, i) => {
    const next = runs[i + 1];
    const open = next === undefined && lastMonth === null;
    const amount = run.band.band.amountFen;
    const head = `经济困难老年人补贴${bandLabel(run.band)}:每月${formatYuan(amount)},自${run.from}起${startText(run.from, i === 0, run.band)}`;
    const tail = open ? ',持续发放' : `,至${run.to}止${endText(run.to, next)}`;
    return {
      from: run.from,
      to: open ? null : run.to,
      monthlyAmountFen: amount,
      rule: `hardship.age-band-${run.band.band.fromAge}`,
      explanation: `${head}${tail}。`,
    };
  });

  const lastSegment = segments[segments.length - 1];
  explanation.push(`起始月份:${segments[0].from}。`);
  if (lastSegment.to === null) {
    explanation.push('未设终止月份,持续发放至死亡、迁出、退出名单或年审未通过。');
    const upcoming = bandStarts.find((b) => compareMonths(b.month, scanEnd) > 0);
    if (upcoming) {
      explanation.push(
        `超出描述期限${input.horizon}:${upcoming.month}年满${upcoming.band.fromAge}周岁(生日${upcoming.birthday})起每月${formatYuan(upcoming.band.amountFen)},未列入分段。`,
      );
    }
  } else {
    explanation.push(`最后发放月份:${lastSegment.to}。`);
  }

  return {
    eligible: true,
    reasons: [],
    startMonth: segments[0].from,
    endMonth: lastSegment.to,
    segments,
    explanation,
  };
}
