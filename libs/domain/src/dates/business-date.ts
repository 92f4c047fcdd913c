/**
 * Business dates and months in Asia/Shanghai.
 *
 * China has kept a fixed UTC+08:00 offset with no daylight saving since 1991, so a Shanghai
 * calendar day is plain arithmetic on UTC milliseconds. Nothing here reads the process time zone
 * (no local-time Date methods, no Intl), so results are the same whatever TZ a server runs in,
 * and the module is safe inside deterministic Temporal workflow code.
 */

/** A calendar date in Asia/Shanghai, 'YYYY-MM-DD'. */
export type BusinessDate = string;

/** A calendar month, 'YYYY-MM'. */
export type YearMonth = string;

/** 0 = Sunday … 6 = Saturday. */
export type DayOfWeek = 0 | 1 | 2 | 3 | 4 | 5 | 6;

export type DateParseErrorCode = 'FORMAT' | 'INVALID_DATE';

export type DateParseResult<T> = { ok: true; value: T } | { ok: false; code: DateParseErrorCode; message: string };

const MS_PER_DAY = 86_400_000;
const SHANGHAI_OFFSET_MS = 8 * 3_600_000;
const MIN_YEAR = 1;
const MAX_YEAR = 9999;

const DATE_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;
const MONTH_PATTERN = /^(\d{4})-(\d{2})$/;

export function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

export function daysInMonth(year: number, month: number): number {
  if (month === 2) return isLeapYear(year) ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

// ---------------------------------------------------------------------------------------------
// Parsing and validation

interface Ymd {
  year: number;
  month: number;
  day: number;
}

function matchDate(s: string): Ymd | 'FORMAT' | 'INVALID_DATE' {
  const m = DATE_PATTERN.exec(s);
  if (!m) return 'FORMAT';
  const year = Number(m[1]);
  const month = Number(m[2]);
  const day = Number(m[3]);
  if (year < MIN_YEAR || month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) {
    return 'INVALID_DATE';
  }
  return { year, month, day };
}

function matchMonth(s: string): { year: number; month: number } | 'FORMAT' | 'INVALID_DATE' {
  const m = MONTH_PATTERN.exec(s);
  if (!m) return 'FORMAT';
  const year = Number(m[1]);
  const month = Number(m[2]);
  if (year < MIN_YEAR || month < 1 || month > 12) return 'INVALID_DATE';
  return { year, month };
}

export function isBusinessDate(s: unknown): s is BusinessDate {
  return typeof s === 'string' && typeof matchDate(s) === 'object';
}

export function isYearMonth(s: unknown): s is YearMonth {
  return typeof s === 'string' && typeof matchMonth(s) === 'object';
}

/** Validates user input: 'YYYY-MM-DD' naming a real Gregorian date (29 Feb only in leap years). */
export function parseBusinessDate(s: unknown): DateParseResult<BusinessDate> {
  if (typeof s !== 'string') {
    return { ok: false, code: 'FORMAT', message: 'Date must be a string in the form YYYY-MM-DD.' };
  }
  const r = matchDate(s);
  if (r === 'FORMAT') {
    return { ok: false, code: 'FORMAT', message: 'Date must be in the form YYYY-MM-DD.' };
  }
  if (r === 'INVALID_DATE') {
    return { ok: false, code: 'INVALID_DATE', message: 'Date is not a real calendar date.' };
  }
  return { ok: true, value: s };
}

export function parseYearMonth(s: unknown): DateParseResult<YearMonth> {
  if (typeof s !== 'string') {
    return { ok: false, code: 'FORMAT', message: 'Month must be a string in the form YYYY-MM.' };
  }
  const r = matchMonth(s);
  if (r === 'FORMAT') {
    return { ok: false, code: 'FORMAT', message: 'Month must be in the form YYYY-MM.' };
  }
  if (r === 'INVALID_DATE') {
    return { ok: false, code: 'INVALID_DATE', message: 'Month must be between 01 and 12.' };
  }
  return { ok: true, value: s };
}

// Internal callers pass dates produced by code, so a malformed one is a programming error.
function ymd(date: BusinessDate): Ymd {
  const r = typeof date === 'string' ? matchDate(date) : 'FORMAT';
  if (typeof r !== 'object') throw new RangeError(`Not a valid business date: ${String(date)}`);
  return r;
}

function ym(month: YearMonth): { year: number; month: number } {
  const r = typeof month === 'string' ? matchMonth(month) : 'FORMAT';
  if (typeof r !== 'object') throw new RangeError(`Not a valid year-month: ${String(month)}`);
  return r;
}

function requireInteger(n: number, what: string): void {
  if (!Number.isSafeInteger(n)) throw new RangeError(`${what} must be an integer, got ${n}`);
}

function pad(n: number, width: number): string {
  return String(n).padStart(width, '0');
}

function formatDate(year: number, month: number, day: number): BusinessDate {
  if (year < MIN_YEAR || year > MAX_YEAR) {
    throw new RangeError(`Date out of supported range (years ${MIN_YEAR}-${MAX_YEAR})`);
  }
  return `${pad(year, 4)}-${pad(month, 2)}-${pad(day, 2)}`;
}

function formatMonth(year: number, month: number): YearMonth {
  if (year < MIN_YEAR || year > MAX_YEAR) {
    throw new RangeError(`Month out of supported range (years ${MIN_YEAR}-${MAX_YEAR})`);
  }
  return `${pad(year, 4)}-${pad(month, 2)}`;
}

// ---------------------------------------------------------------------------------------------
// Epoch-day arithmetic (days since 1970-01-01, proleptic Gregorian; H. Hinnant's algorithms)

function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const mp = month > 2 ? month - 3 : month + 9;
  const doy = Math.floor((153 * mp + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146_097 + doe - 719_468;
}

function civilFromDays(epochDay: number): Ymd {
  const z = epochDay + 719_468;
  const era = Math.floor(z / 146_097);
  const doe = z - era * 146_097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36_524) - Math.floor(doe / 146_096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  const year = yoe + era * 400 + (month <= 2 ? 1 : 0);
  return { year, month, day };
}

/** Days since 1970-01-01 (negative before). */
export function toEpochDay(date: BusinessDate): number {
  const { year, month, day } = ymd(date);
  return daysFromCivil(year, month, day);
}

export function fromEpochDay(epochDay: number): BusinessDate {
  requireInteger(epochDay, 'epochDay');
  const { year, month, day } = civilFromDays(epochDay);
  return formatDate(year, month, day);
}

// ---------------------------------------------------------------------------------------------
// Instants <-> Shanghai dates

function instantMs(instant: Date | number): number {
  const ms = typeof instant === 'number' ? instant : instant.getTime();
  if (!Number.isFinite(ms)) throw new RangeError('Invalid instant');
  return ms;
}

/** The Asia/Shanghai calendar date of an instant (Date or epoch milliseconds). */
export function shanghaiDateOf(instant: Date | number): BusinessDate {
  return fromEpochDay(Math.floor((instantMs(instant) + SHANGHAI_OFFSET_MS) / MS_PER_DAY));
}

export function shanghaiMonthOf(instant: Date | number): YearMonth {
  return monthOf(shanghaiDateOf(instant));
}

/** The instant 00:00:00.000 Asia/Shanghai on `date` (16:00Z the day before). */
export function startOfShanghaiDay(date: BusinessDate): Date {
  return new Date(toEpochDay(date) * MS_PER_DAY - SHANGHAI_OFFSET_MS);
}

/** The instant 23:59:59.999 Asia/Shanghai on `date`. */
export function endOfShanghaiDay(date: BusinessDate): Date {
  return new Date((toEpochDay(date) + 1) * MS_PER_DAY - SHANGHAI_OFFSET_MS - 1);
}

/** The instant 00:00 Asia/Shanghai on the first day of `month`. */
export function startOfMonthInstant(month: YearMonth): Date {
  return startOfShanghaiDay(firstDayOfMonth(month));
}

// ---------------------------------------------------------------------------------------------
// Date and month arithmetic

export function monthOf(date: BusinessDate): YearMonth {
  ymd(date);
  return date.slice(0, 7);
}

export function yearOf(date: BusinessDate): number {
  return ymd(date).year;
}

export function addDays(date: BusinessDate, n: number): BusinessDate {
  requireInteger(n, 'n');
  return fromEpochDay(toEpochDay(date) + n);
}

function monthIndex(month: YearMonth): number {
  const { year, month: m } = ym(month);
  return year * 12 + (m - 1);
}

function fromMonthIndex(index: number): YearMonth {
  return formatMonth(Math.floor(index / 12), (((index % 12) + 12) % 12) + 1);
}

/** Month arithmetic across year ends: addMonths('2026-12', 1) = '2027-01', addMonths('2026-01', -1) = '2025-12'. */
export function addMonths(month: YearMonth, n: number): YearMonth {
  requireInteger(n, 'n');
  return fromMonthIndex(monthIndex(month) + n);
}

/** Same day n months later, clamped to the end of a shorter month: 2026-01-31 + 1 → 2026-02-28. */
export function addMonthsToDate(date: BusinessDate, n: number): BusinessDate {
  const { day } = ymd(date);
  const target = ym(addMonths(monthOf(date), n));
  return formatDate(target.year, target.month, Math.min(day, daysInMonth(target.year, target.month)));
}

function sign(n: number): -1 | 0 | 1 {
  return n < 0 ? -1 : n > 0 ? 1 : 0;
}

export function compareDates(a: BusinessDate, b: BusinessDate): -1 | 0 | 1 {
  return sign(toEpochDay(a) - toEpochDay(b));
}

export function compareMonths(a: YearMonth, b: YearMonth): -1 | 0 | 1 {
  return sign(monthIndex(a) - monthIndex(b));
}

/** Whole months from `a` to `b` (b − a): monthsBetween('2026-11', '2027-02') = 3. */
export function monthsBetween(a: YearMonth, b: YearMonth): number {
  return monthIndex(b) - monthIndex(a);
}

/** Days from `a` to `b` (b − a): daysBetween('2026-02-28', '2026-03-01') = 1. */
export function daysBetween(a: BusinessDate, b: BusinessDate): number {
  return toEpochDay(b) - toEpochDay(a);
}

/** 0 = Sunday … 6 = Saturday. */
export function dayOfWeek(date: BusinessDate): DayOfWeek {
  // 1970-01-01 was a Thursday (4).
  return ((((toEpochDay(date) + 4) % 7) + 7) % 7) as DayOfWeek;
}

export function firstDayOfMonth(month: YearMonth): BusinessDate {
  const { year, month: m } = ym(month);
  return formatDate(year, m, 1);
}

export function lastDayOfMonth(month: YearMonth): BusinessDate {
  const { year, month: m } = ym(month);
  return formatDate(year, m, daysInMonth(year, m));
}

export function maxMonth(first: YearMonth, ...rest: YearMonth[]): YearMonth {
  ym(first);
  return rest.reduce((acc, m) => (compareMonths(m, acc) > 0 ? m : acc), first);
}

export function minMonth(first: YearMonth, ...rest: YearMonth[]): YearMonth {
  ym(first);
  return rest.reduce((acc, m) => (compareMonths(m, acc) < 0 ? m : acc), first);
}

export function maxDate(first: BusinessDate, ...rest: BusinessDate[]): BusinessDate {
  ymd(first);
  return rest.reduce((acc, d) => (compareDates(d, acc) > 0 ? d : acc), first);
}

export function minDate(first: BusinessDate, ...rest: BusinessDate[]): BusinessDate {
  ymd(first);
  return rest.reduce((acc, d) => (compareDates(d, acc) < 0 ? d : acc), first);
}
