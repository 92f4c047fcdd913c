/**
 * Age in completed years (周岁), as the allowance rules count it ("自年满60周岁当月起发放").
 */
import { type BusinessDate, type YearMonth, compareDates, isLeapYear, monthOf, yearOf } from './business-date';

/**
 * When someone born on 29 February has a birthday in a non-leap year.
 * - 'feb-28': on 28 February — the birthday month stays February ("turns 60 in February").
 * - 'mar-01': on 1 March — the day after 28 February, as some civil-law readings count it.
 */
export type LeapDayBirthdayRule = 'feb-28' | 'mar-01';

export const DEFAULT_LEAP_DAY_RULE: LeapDayBirthdayRule = 'feb-28';

/** The date of the n-th birthday (n = 0 is the birth date itself). */
export function nthBirthdayDate(birthDate: BusinessDate, n: number, rule: LeapDayBirthdayRule = DEFAULT_LEAP_DAY_RULE): BusinessDate {
  if (!Number.isSafeInteger(n) || n < 0) {
    throw new RangeError(`n must be a non-negative integer, got ${n}`);
  }
  const year = yearOf(birthDate) + n;
  if (year > 9999) throw new RangeError('Birthday out of supported range');
  const monthDay = birthDate.slice(5);
  const yyyy = String(year).padStart(4, '0');
  if (monthDay === '02-29' && !isLeapYear(year)) {
    return rule === 'mar-01' ? `${yyyy}-03-01` : `${yyyy}-02-28`;
  }
  return `${yyyy}-${monthDay}`;
}

/** The month of the n-th birthday, e.g. the first month an age-60 allowance can be paid for. */
export function nthBirthdayMonth(birthDate: BusinessDate, n: number, rule: LeapDayBirthdayRule = DEFAULT_LEAP_DAY_RULE): YearMonth {
  return monthOf(nthBirthdayDate(birthDate, n, rule));
}

/** Completed years (周岁) on `onDate`; the birthday itself counts as reached. */
export function ageOn(birthDate: BusinessDate, onDate: BusinessDate, rule: LeapDayBirthdayRule = DEFAULT_LEAP_DAY_RULE): number {
  if (compareDates(onDate, birthDate) < 0) {
    throw new RangeError('onDate is before birthDate');
  }
  const years = yearOf(onDate) - yearOf(birthDate);
  return compareDates(onDate, nthBirthdayDate(birthDate, years, rule)) < 0 ? years - 1 : years;
}
