import { YearMonth } from './month-math';

/** A run of months paid at one amount under one rule. Months with no payment have no segment. */
export interface AmountSegment {
  readonly from: YearMonth;
  /** Last paid month, inclusive; null = open (no end known yet). */
  readonly to: YearMonth | null;
  readonly monthlyAmountFen: number;
  /** Machine code of the rule that sets the amount, e.g. 'hardship.age-band-80'. */
  readonly rule: string;
  /** One sentence: which rule, which dates. */
  readonly explanation: string;
}

export type EntitlementReasonCode =
  | 'invalid-rules'
  | 'invalid-input'
  | 'not-resident'
  | 'no-eligible-roster-spell'
  | 'ended-before-start'
  | 'no-assessment'
  | 'level-below-threshold';

export interface EntitlementReason {
  readonly code: EntitlementReasonCode;
  readonly message: string;
}

export interface EntitlementPlan {
  readonly eligible: boolean;
  /** Why not eligible; empty when eligible. */
  readonly reasons: readonly EntitlementReason[];
  /** First paid month. */
  readonly startMonth: YearMonth | null;
  /** Last paid month; null when payment is open-ended (or never starts). */
  readonly endMonth: YearMonth | null;
  readonly segments: readonly AmountSegment[];
  /** Sentences a case officer can read: the dates and rules behind the plan, in order. */
  readonly explanation: readonly string[];
}

/** 8000 → '80元', 8050 → '80.50元'. */
export function formatYuan(fen: number): string {
  const sign = fen < 0 ? '-' : '';
  const abs = Math.abs(fen);
  const yuan = Math.floor(abs / 100);
  const cents = abs % 100;
  return `${sign}${yuan}${cents === 0 ? '' : `.${String(cents).padStart(2, '0')}`}元`;
}

export function notEligible(reasons: EntitlementReason[], explanation: string[] = []): EntitlementPlan {
  return { eligible: false, reasons, startMonth: null, endMonth: null, segments: [], explanation };
}
