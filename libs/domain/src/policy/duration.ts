import { addMonthsToDate, shanghaiDateOf, startOfShanghaiDay } from '../dates';

/**
 * A duration as policy data. Working and calendar days follow the official holiday
 * arrangements; `seconds` exists so that drills and tests can shorten any wait without
 * touching workflow code. A policy stored through the API never carries it (see
 * `policy-bounds.ts`); tests write their drill policies straight into the table.
 */
export type DurationPolicy =
  | { unit: 'working_days'; amount: number }
  | { unit: 'calendar_days'; amount: number; rollToWorkingDay?: boolean }
  | { unit: 'months'; amount: number }
  | { unit: 'seconds'; amount: number };

export function describeDuration(d: DurationPolicy): string {
  switch (d.unit) {
    case 'working_days':
      return `${d.amount} 个工作日`;
    case 'calendar_days':
      return `${d.amount} 个自然日`;
    case 'months':
      return `${d.amount} 个月`;
    case 'seconds':
      return `${d.amount} 秒(演练)`;
  }
}

export function isDurationPolicy(value: unknown): value is DurationPolicy {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as { unit?: unknown; amount?: unknown };
  return (
    (v.unit === 'working_days' || v.unit === 'calendar_days' || v.unit === 'months' || v.unit === 'seconds') &&
    typeof v.amount === 'number' &&
    Number.isInteger(v.amount) &&
    v.amount >= 0
  );
}

/** When a duration runs out, as task rows and timers record it. */
export interface DurationEnd {
  dueAt: string;
  dueDate: string;
  /** e.g. "holiday-calendar-missing:2027" when the deadline crosses a year with no loaded arrangement. */
  calendarFlag: string | null;
}

/**
 * When a duration that counts no days runs out, from `from`: months end at the start of the same
 * day of the month that many months on (Asia/Shanghai; the month's last day if it is shorter),
 * drill seconds that many seconds on. Null for working and calendar days, which need the holiday
 * calendar. Pure, so a workflow can count it without an activity.
 */
export function durationEndWithoutCalendar(from: Date, duration: DurationPolicy): DurationEnd | null {
  switch (duration.unit) {
    case 'seconds': {
      const due = new Date(from.getTime() + duration.amount * 1000);
      return { dueAt: due.toISOString(), dueDate: shanghaiDateOf(due), calendarFlag: null };
    }
    case 'months': {
      const dueDate = addMonthsToDate(shanghaiDateOf(from), duration.amount);
      return { dueAt: startOfShanghaiDay(dueDate).toISOString(), dueDate, calendarFlag: null };
    }
    default:
      return null;
  }
}
