import { careAllowanceMonthlyFen, type CareRules } from '../assessment';
import {
  compareMonths,
  firstDayOfMonth,
  monthOf,
  nthBirthdayMonth,
  type BusinessDate,
  type LeapDayBirthdayRule,
  type YearMonth,
} from '../dates';
import { formatYuan } from '../entitlement/entitlement-plan';
import type { HardshipRules } from '../entitlement/hardship-allowance';

/**
 * What one source of monthly money owes for one month, under the policy version in force for that
 * month. Sources are entitlements (hardship and care allowance) and dispersed-support arrangements
 * (分散供养, `support_arrangements`), which pay 特困 elders at home until centralized support starts.
 */
export type PayrollSourceKind = 'hardship-allowance' | 'care-allowance' | 'dispersed-support';

export const PAYROLL_SOURCE_LABELS: Record<PayrollSourceKind, string> = {
  'hardship-allowance': '经济困难老年人补贴',
  'care-allowance': '护理补贴',
  'dispersed-support': '特困人员分散供养金',
};

/** A run of paid months of the entitlement's current revision (its rule names the band or level). */
export interface PaidSpan {
  readonly from: YearMonth;
  /** Last paid month, inclusive; null = open. */
  readonly to: YearMonth | null;
  /** e.g. 'hardship.age-band-80', 'care.level-3', 'support.dispersed'. */
  readonly rule: string;
}

export interface PayrollSourceFacts {
  readonly kind: PayrollSourceKind;
  /** Entitlement segments, or the dispersed arrangement as one span. */
  readonly spans: readonly PaidSpan[];
  /** Needed for the hardship age bands; not used otherwise. */
  readonly birthDate: BusinessDate;
  /** Payment runs through the month of death and stops from the next (whatever the plan said). */
  readonly deathDate: BusinessDate | null;
  /** Household registration moved out of the county: paid through that month. */
  readonly movedOutOn: BusinessDate | null;
}

/** The amounts a month's policy version sets, per source kind; only the kind at hand is read. */
export interface MonthPolicy {
  readonly policyId: string;
  readonly version: number;
  readonly hardship?: Pick<HardshipRules, 'ageBands' | 'leapDayRule'>;
  readonly care?: CareRules;
  readonly dispersedSupportMonthlyFen?: number;
}

export type MonthlyDue =
  | {
      readonly due: true;
      readonly amountFen: number;
      readonly rule: string;
      readonly policyId: string;
      readonly policyVersion: number;
      readonly why: string;
    }
  | { readonly due: false; readonly why: string };

/** The month a source's holder reaches an age (a band's start), by age and leap-day rule. */
export type BirthdayMonths = (age: number, rule?: LeapDayBirthdayRule) => YearMonth;

/**
 * Birthday months of one person, each computed once: a payroll asks the same source for several
 * months (this one, the next, the look-back window) against the same bands.
 */
export function birthdayMonths(birthDate: BusinessDate): BirthdayMonths {
  const memo = new Map<string, YearMonth>();
  return (age, rule) => {
    const key = `${age}|${rule ?? ''}`;
    let m = memo.get(key);
    if (m === undefined) {
      m = nthBirthdayMonth(birthDate, age, rule);
      memo.set(key, m);
    }
    return m;
  };
}

function spanOf(facts: PayrollSourceFacts, month: YearMonth): PaidSpan | undefined {
  return facts.spans.find((s) => compareMonths(s.from, month) <= 0 && (s.to === null || compareMonths(month, s.to) <= 0));
}

/**
 * The amount owed for `month`. Start and stop months come from the entitlement's spans (the
 * allowance plans in `entitlement/` already put the start in the 60th-birthday month, the care
 * allowance in the month after the assessment, a dispersed arrangement's end in the approval month
 * of centralized support); death or moving out caps every kind at that month. The amount is the
 * one the month's policy sets: the age band reached by the birthday in or before the month, the
 * care level the spans name, the dispersed-support amount.
 */
export function monthlyDue(
  facts: PayrollSourceFacts,
  month: YearMonth,
  policy: MonthPolicy | null,
  birthdayMonth: BirthdayMonths = birthdayMonths(facts.birthDate),
): MonthlyDue {
  for (const [date, what] of [
    [facts.deathDate, '死亡'],
    [facts.movedOutOn, '户籍迁出本县'],
  ] as const) {
    if (date !== null && compareMonths(month, monthOf(date)) > 0) return { due: false, why: `${what}(${monthOf(date)})次月起停发` };
  }
  const span = spanOf(facts, month);
  if (!span) return { due: false, why: `${month}不在发放期间内` };
  if (!policy) return { due: false, why: `${month}没有生效的政策版本` };
  const base = { due: true as const, policyId: policy.policyId, policyVersion: policy.version };

  if (facts.kind === 'hardship-allowance') {
    const bands = policy.hardship?.ageBands ?? [];
    let band: { fromAge: number; amountFen: number } | undefined;
    for (const b of bands) {
      if (compareMonths(birthdayMonth(b.fromAge, policy.hardship?.leapDayRule), month) <= 0) band = b;
    }
    if (!band) return { due: false, why: `${month}未达到任何年龄档` };
    return {
      ...base,
      amountFen: band.amountFen,
      rule: `hardship.age-band-${band.fromAge}`,
      why: `${month}按第${policy.version}版政策${band.fromAge}周岁档,每月${formatYuan(band.amountFen)}`,
    };
  }
  if (facts.kind === 'care-allowance') {
    const level = Number(/^care\.level-(\d+)$/.exec(span.rule)?.[1] ?? NaN);
    const amount = policy.care && Number.isInteger(level) ? careAllowanceMonthlyFen(level, policy.care) : null;
    if (amount === null) return { due: false, why: `${month}评估等级${level}级按第${policy.version}版政策不享受护理补贴` };
    return {
      ...base,
      amountFen: amount,
      rule: `care.level-${level}`,
      why: `${month}按第${policy.version}版政策${level}级护理补贴,每月${formatYuan(amount)}`,
    };
  }
  const amount = policy.dispersedSupportMonthlyFen;
  if (amount === undefined || !Number.isInteger(amount) || amount <= 0) {
    return { due: false, why: `第${policy.version}版政策未设分散供养金额` };
  }
  return {
    ...base,
    amountFen: amount,
    rule: 'support.dispersed',
    why: `${month}分散供养,按第${policy.version}版政策每月${formatYuan(amount)}`,
  };
}

export interface PolicyVersionRef {
  readonly policyId: string;
  readonly regionCode: string;
  readonly version: number;
  readonly effectiveFrom: BusinessDate;
}

/**
 * The policy version in force for a month in a region: in force on the month's first day (a version
 * effective on 1 May pays May at its amounts; one effective 15 May starts with June), the most
 * specific region first, then the latest effective date, then the highest version — the order the
 * case intake uses for today's policy.
 */
export function policyInForce<T extends PolicyVersionRef>(versions: readonly T[], regionCode: string, month: YearMonth): T | null {
  const first = firstDayOfMonth(month);
  let best: T | null = null;
  for (const v of versions) {
    if (!regionCode.startsWith(v.regionCode) || v.effectiveFrom > first) continue;
    if (
      best === null ||
      v.regionCode.length > best.regionCode.length ||
      (v.regionCode.length === best.regionCode.length &&
        (v.effectiveFrom > best.effectiveFrom || (v.effectiveFrom === best.effectiveFrom && v.version > best.version)))
    ) {
      best = v;
    }
  }
  return best;
}
