/**
 * Deadline arithmetic as Chinese administrative practice counts it: the start day is not
 * counted; working-day limits skip statutory holidays and count make-up workdays (调休);
 * a deadline that lands on a day off moves to the next working day.
 *
 * Dates in a year the calendar has not loaded are treated as Monday–Friday so that a deadline
 * can still be shown, but the year is reported in `unloadedYears` so the caller can flag the
 * task for re-computation once that year's arrangement is loaded. Nothing here throws for that.
 */
import { type BusinessDate, addDays, isBusinessDate, yearOf } from '../dates';
import { type HolidayCalendar, dayKind, isYearLoaded } from './holiday-calendar';

export interface DeadlineResult {
  due: BusinessDate;
  /** Years, ascending, of dates whose status was guessed because the calendar lacks them. */
  unloadedYears: number[];
}

export interface CalendarDaysOptions {
  /** Move a deadline that lands on a holiday or weekend to the next working day. */
  rollForwardToWorkingDay: boolean;
}

/** A make-up workday is a working day; a holiday is not; otherwise Monday–Friday. */
export function isWorkingDay(cal: HolidayCalendar, date: BusinessDate): boolean {
  const kind = dayKind(cal, date);
  return kind === 'weekday' || kind === 'makeup-workday';
}

/** Records which unloaded years were consulted while a deadline is computed. */
class Examiner {
  private readonly unloaded = new Set<number>();

  constructor(private readonly cal: HolidayCalendar) {}

  isWorkingDay(date: BusinessDate): boolean {
    const year = yearOf(date);
    if (!isYearLoaded(this.cal, year)) this.unloaded.add(year);
    return isWorkingDay(this.cal, date);
  }

  rollForward(date: BusinessDate): BusinessDate {
    let d = date;
    while (!this.isWorkingDay(d)) d = addDays(d, 1);
    return d;
  }

  result(due: BusinessDate): DeadlineResult {
    return { due, unloadedYears: [...this.unloaded].sort((a, b) => a - b) };
  }
}

function guard(start: BusinessDate, n: number): void {
  if (!isBusinessDate(start)) throw new RangeError(`start is not a valid business date: ${String(start)}`);
  if (!Number.isSafeInteger(n) || n < 0) {
    throw new RangeError(`n must be a non-negative integer, got ${n}`);
  }
}

/** The first working day on or after `date`. */
export function nextWorkingDayOnOrAfter(cal: HolidayCalendar, date: BusinessDate): DeadlineResult {
  guard(date, 0);
  const ex = new Examiner(cal);
  return ex.result(ex.rollForward(date));
}

/**
 * The n-th working day after `start` (the start day itself is not counted, whatever it is).
 * n = 0 means the deadline is the start day, moved to the next working day if it is a day off.
 */
export function addWorkingDays(cal: HolidayCalendar, start: BusinessDate, n: number): DeadlineResult {
  guard(start, n);
  const ex = new Examiner(cal);
  if (n === 0) return ex.result(ex.rollForward(start));
  let d = start;
  let counted = 0;
  while (counted < n) {
    d = addDays(d, 1);
    if (ex.isWorkingDay(d)) counted++;
  }
  return ex.result(d);
}

/**
 * `start` + n calendar days (start day not counted), optionally moved off a holiday or weekend
 * onto the next working day. Without rolling no day's status is consulted, so nothing is
 * reported as unloaded.
 */
export function addCalendarDays(cal: HolidayCalendar, start: BusinessDate, n: number, options: CalendarDaysOptions): DeadlineResult {
  guard(start, n);
  const ex = new Examiner(cal);
  const landed = addDays(start, n);
  return ex.result(options.rollForwardToWorkingDay ? ex.rollForward(landed) : landed);
}

/**
 * How many working days an officer has left: the working days after `from` up to and including
 * `to` (the start day is not counted, as in addWorkingDays). 0 when `to` is `from` or earlier, or
 * when no working day lies between them; so `workingDaysBetween(cal, d, addWorkingDays(cal, d, n).due) === n`.
 */
export function workingDaysBetween(cal: HolidayCalendar, from: BusinessDate, to: BusinessDate): number {
  guard(from, 0);
  guard(to, 0);
  let count = 0;
  for (let d = addDays(from, 1); d <= to; d = addDays(d, 1)) if (isWorkingDay(cal, d)) count++;
  return count;
}
