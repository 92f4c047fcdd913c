/**
 * The date and month arithmetic the entitlement rules use: the shared Asia/Shanghai business-date
 * functions of `dates/`, under the names these rules were written with.
 */
export type { BusinessDate, LeapDayBirthdayRule, YearMonth } from '../dates';
export {
  addMonths,
  compareDates,
  compareMonths,
  daysInMonth,
  isBusinessDate,
  isLeapYear,
  isYearMonth,
  monthOf,
  monthsBetween,
  nthBirthdayDate as nthBirthday,
  nthBirthdayMonth,
} from '../dates';

import { compareMonths, type YearMonth } from '../dates';

/** The latest of several months (at least one). */
export function maxMonth(...months: YearMonth[]): YearMonth {
  return months.reduce((a, b) => (compareMonths(a, b) >= 0 ? a : b));
}

/** The earliest of several months (at least one). */
export function minMonth(...months: YearMonth[]): YearMonth {
  return months.reduce((a, b) => (compareMonths(a, b) <= 0 ? a : b));
}
