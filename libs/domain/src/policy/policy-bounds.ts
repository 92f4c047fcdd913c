import { fieldRuleMessage } from '@app/contracts/field-messages';
import type { DurationPolicy } from './duration';

/**
 * Sane bounds for policy data. A county edits its policy as data; a value outside these bounds is
 * a typing error (10^12 working days, a monthly amount of a million yuan), and letting it through
 * would leave every case under that version retrying an activity that can never succeed.
 */
export type DurationUse = 'deadline' | 'notice' | 'escalation' | 'period' | 'trial';

/** Largest amount per unit for each use; every duration is at least 1. */
export const DURATION_BOUNDS: Readonly<Record<DurationUse, Readonly<Record<'working_days' | 'calendar_days' | 'months', number>>>> = {
  // A task's deadline: statutory limits are days to weeks; a quarter is already generous.
  deadline: { working_days: 60, calendar_days: 90, months: 3 },
  // Public notice (公示): typically 5–7 days.
  notice: { working_days: 30, calendar_days: 45, months: 1 },
  // Overdue escalation repeats after days, not months.
  escalation: { working_days: 30, calendar_days: 45, months: 1 },
  // Annual review, routine reassessment: at most every five years.
  period: { working_days: 1250, calendar_days: 1830, months: 60 },
  // A trial stay in a care home: weeks to a few months.
  trial: { working_days: 130, calendar_days: 180, months: 6 },
};

/** Ages in a policy (minimum age, age bands): elderly-care schemes start no earlier than 50. */
export const AGE_BOUNDS = { min: 50, max: 120 } as const;

/** A monthly amount in fen: positive and at most 10,000 yuan. */
export const MONTHLY_AMOUNT_FEN_BOUNDS = { min: 1, max: 1_000_000 } as const;

/** Arrears paid back: at most ten years. */
export const ARREARS_MAX_MONTHS = 120;

/**
 * Units that exist only so tests and drills can shorten waits; a stored policy never uses them
 * (tests write their drill policies straight into the table).
 */
export const DRILL_UNITS: readonly string[] = ['seconds'];

/** Why a duration is out of bounds for its use (in Chinese, shown beside the field), or null when it is fine. */
export function durationProblem(value: unknown, use: DurationUse): string | null {
  if (typeof value !== 'object' || value === null) return '应为期限对象 { unit, amount }(单位和数量)';
  const v = value as { unit?: unknown; amount?: unknown };
  if (typeof v.unit === 'string' && DRILL_UNITS.includes(v.unit)) return `单位 ${v.unit} 仅用于演练和测试,不能用于政策`;
  const bounds = DURATION_BOUNDS[use];
  if (typeof v.unit !== 'string' || !(v.unit in bounds)) return `unit ${fieldRuleMessage('isIn', [Object.keys(bounds)])}`;
  const max = bounds[v.unit as keyof typeof bounds];
  if (typeof v.amount !== 'number' || !Number.isInteger(v.amount) || v.amount < 1 || v.amount > max)
    return `amount 应为 1 至 ${max} 的整数(单位 ${v.unit})`;
  return null;
}

export function isBoundedDuration(value: unknown, use: DurationUse): value is DurationPolicy {
  return durationProblem(value, use) === null;
}

export function wholeInRange(value: unknown, min: number, max: number): boolean {
  return typeof value === 'number' && Number.isInteger(value) && value >= min && value <= max;
}
