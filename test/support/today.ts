import { addMonths, addMonthsToDate, daysInMonth, monthOf, shanghaiDateOf, type BusinessDate, type YearMonth } from '@app/domain/dates';

/**
 * Dates for tests whose expected result depends on the day they run. Everything is derived from
 * today's Asia/Shanghai date (the business calendar), read once per call from the real clock, so
 * a spec written with these helpers holds on any day. Dates that a rule is *about* (a 2026 holiday
 * table, a 29 February birth) stay literal in the spec.
 */

/** Today's Asia/Shanghai date, 'YYYY-MM-DD'. */
export function today(): BusinessDate {
  return shanghaiDateOf(Date.now());
}

/** The Asia/Shanghai month `offset` months from this one, 'YYYY-MM'. */
export function monthFromNow(offset = 0): YearMonth {
  return addMonths(monthOf(today()), offset);
}

/** The date `offset` months from today (day clamped to the month's end). */
export function dateMonthsFromNow(offset: number): BusinessDate {
  return addMonthsToDate(today(), offset);
}

/**
 * A birth date such that the person turns `age` in the month `offset` months from now
 * (0 = this month, 1 = next month, -3 = three months ago), on `day` of that month (clamped to the
 * month's end, so `day: 31` is always the last day of the month).
 */
export function birthDateTurning(age: number, offset: number, day = 15): BusinessDate {
  const [y, m] = monthFromNow(offset).split('-').map(Number);
  const birthYear = y - age;
  const d = Math.min(day, daysInMonth(birthYear, m));
  return `${birthYear}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

/** The month (YYYY-MM) in which someone born on `birthDate` turns `age` (non-29-February births). */
export function monthTurning(birthDate: BusinessDate, age: number): YearMonth {
  const [y, m] = birthDate.split('-').map(Number);
  return `${y + age}-${String(m).padStart(2, '0')}`;
}
