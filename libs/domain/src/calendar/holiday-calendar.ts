/**
 * Official holiday arrangements (国务院办公厅 部分节假日安排), one calendar year at a time, as plain
 * data. The State Council publishes next year's arrangement each November; an admin loads it in
 * this shape, and code that counts deadlines must know which years it has not got.
 */
import { FIELD_PATTERNS_ZH, FIELD_PROBLEMS_ZH, fieldRuleMessage } from '@app/contracts/field-messages';
import { type BusinessDate, dayOfWeek, isBusinessDate, yearOf } from '../dates';

export interface HolidayYear {
  year: number;
  /** Days off (放假), including weekend days inside a holiday period. All within `year`. */
  holidays: BusinessDate[];
  /** Weekend days worked in exchange (调休上班). All within `year`. */
  makeupWorkdays: BusinessDate[];
  /** Where the data came from, e.g. the notice's title or URL. */
  source: string;
}

export interface HolidayCalendar {
  /** Ascending. */
  readonly loadedYears: readonly number[];
  readonly holidays: ReadonlySet<BusinessDate>;
  readonly makeupWorkdays: ReadonlySet<BusinessDate>;
  readonly sources: ReadonlyMap<number, string>;
}

export type HolidayYearErrorCode =
  | 'NOT_AN_OBJECT'
  | 'REQUIRED'
  | 'TYPE'
  | 'YEAR_RANGE'
  | 'INVALID_DATE'
  | 'OUTSIDE_YEAR'
  | 'DUPLICATE'
  | 'HOLIDAY_AND_MAKEUP_WORKDAY'
  | 'MAKEUP_WORKDAY_NOT_WEEKEND'
  | 'EMPTY';

export interface HolidayYearFieldError {
  /** 'year', 'source', 'holidays', 'holidays[3]', 'makeupWorkdays[0]', or '' for the whole input. */
  field: string;
  code: HolidayYearErrorCode;
  message: string;
}

export type HolidayYearValidation = { ok: true; value: HolidayYear } | { ok: false; errors: HolidayYearFieldError[] };

const MIN_YEAR = 1000;
const MAX_YEAR = 9999;
const MAX_SOURCE_LENGTH = 1000;

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/**
 * Checks admin-supplied data. Rules: year a four-digit integer; every date a real 'YYYY-MM-DD'
 * inside that year; no duplicates in a list; no date both a holiday and a make-up workday;
 * make-up workdays fall on a Saturday or Sunday (a weekday is already a workday, so one listed
 * there is a data-entry mistake); at least one holiday (every real arrangement has 元旦);
 * a non-empty source. On success the value holds only these four fields, dates sorted.
 */
export function validateHolidayYear(input: unknown): HolidayYearValidation {
  if (!isRecord(input)) {
    return {
      ok: false,
      errors: [{ field: '', code: 'NOT_AN_OBJECT', message: '节假日安排应为对象' }],
    };
  }
  const errors: HolidayYearFieldError[] = [];
  const err = (field: string, code: HolidayYearErrorCode, message: string): void => {
    errors.push({ field, code, message });
  };

  const { year, source } = input;
  let yearOk = false;
  if (year === undefined || year === null) {
    err('year', 'REQUIRED', FIELD_PROBLEMS_ZH.required);
  } else if (typeof year !== 'number' || !Number.isInteger(year)) {
    err('year', 'TYPE', '应为整数年份');
  } else if (year < MIN_YEAR || year > MAX_YEAR) {
    err('year', 'YEAR_RANGE', '应为四位数年份');
  } else {
    yearOk = true;
  }

  let sourceValue = '';
  if (source === undefined || source === null) {
    err('source', 'REQUIRED', FIELD_PROBLEMS_ZH.required);
  } else if (typeof source !== 'string') {
    err('source', 'TYPE', '应为文字');
  } else if (source.trim() === '') {
    err('source', 'REQUIRED', '不能为空');
  } else if (source.length > MAX_SOURCE_LENGTH) {
    err('source', 'TYPE', fieldRuleMessage('maxLength', [MAX_SOURCE_LENGTH]));
  } else {
    sourceValue = source.trim();
  }

  const checkList = (field: 'holidays' | 'makeupWorkdays'): BusinessDate[] => {
    const list = input[field];
    if (list === undefined || list === null) {
      err(field, 'REQUIRED', '必须填写(没有时填空列表)');
      return [];
    }
    if (!Array.isArray(list)) {
      err(field, 'TYPE', '应为日期列表');
      return [];
    }
    const seen = new Set<string>();
    const dates: BusinessDate[] = [];
    list.forEach((d: unknown, i) => {
      const at = `${field}[${i}]`;
      if (!isBusinessDate(d)) {
        err(at, 'INVALID_DATE', `${FIELD_PROBLEMS_ZH.notARealDate},${FIELD_PATTERNS_ZH.date}`);
        return;
      }
      if (yearOk && yearOf(d) !== year) {
        err(at, 'OUTSIDE_YEAR', `${d} 不在 ${String(year)} 年内`);
        return;
      }
      if (seen.has(d)) {
        err(at, 'DUPLICATE', `${d} 重复列出`);
        return;
      }
      if (field === 'makeupWorkdays') {
        const dow = dayOfWeek(d);
        if (dow !== 0 && dow !== 6) {
          err(at, 'MAKEUP_WORKDAY_NOT_WEEKEND', `${d} 是工作日;调休上班日应为周六或周日`);
        }
      }
      seen.add(d);
      dates.push(d);
    });
    return dates;
  };

  const holidays = checkList('holidays');
  const makeupWorkdays = checkList('makeupWorkdays');

  if (Array.isArray(input.holidays) && input.holidays.length === 0) {
    err('holidays', 'EMPTY', '至少列出一个节假日');
  }

  const holidaySet = new Set(holidays);
  const makeupList = Array.isArray(input.makeupWorkdays) ? (input.makeupWorkdays as unknown[]) : [];
  const reportedBoth = new Set<string>();
  makeupList.forEach((d, i) => {
    if (typeof d === 'string' && holidaySet.has(d) && !reportedBoth.has(d)) {
      reportedBoth.add(d);
      err(`makeupWorkdays[${i}]`, 'HOLIDAY_AND_MAKEUP_WORKDAY', `${d} 同时列为节假日`);
    }
  });

  if (errors.length > 0) return { ok: false, errors };
  return {
    ok: true,
    value: {
      year: year as number,
      holidays: [...holidays].sort(),
      makeupWorkdays: [...makeupWorkdays].sort(),
      source: sourceValue,
    },
  };
}

/**
 * Builds a calendar from validated years. Throws RangeError on invalid data or a year given
 * twice — by this point data should already have passed validateHolidayYear.
 */
export function createHolidayCalendar(years: readonly HolidayYear[]): HolidayCalendar {
  const holidays = new Set<BusinessDate>();
  const makeupWorkdays = new Set<BusinessDate>();
  const sources = new Map<number, string>();
  for (const input of years) {
    const r = validateHolidayYear(input);
    if (!r.ok) {
      const first = r.errors[0];
      const label = isRecord(input) ? String(input.year) : '?';
      throw new RangeError(`Invalid holiday year ${label}: ${first.field} ${first.message}`);
    }
    const y = r.value;
    if (sources.has(y.year)) throw new RangeError(`Holiday year ${y.year} given more than once`);
    sources.set(y.year, y.source);
    y.holidays.forEach((d) => holidays.add(d));
    y.makeupWorkdays.forEach((d) => makeupWorkdays.add(d));
  }
  return {
    loadedYears: [...sources.keys()].sort((a, b) => a - b),
    holidays,
    makeupWorkdays,
    sources,
  };
}

export function isYearLoaded(cal: HolidayCalendar, year: number): boolean {
  return cal.sources.has(year);
}

/**
 * What a day is under the calendar. For a year the calendar has not loaded this is only the
 * weekday/weekend guess — check isYearLoaded, or use the deadline functions, which report it.
 */
export type DayKind = 'holiday' | 'makeup-workday' | 'weekend' | 'weekday';

export function dayKind(cal: HolidayCalendar, date: BusinessDate): DayKind {
  if (cal.holidays.has(date)) return 'holiday';
  if (cal.makeupWorkdays.has(date)) return 'makeup-workday';
  const dow = dayOfWeek(date);
  return dow === 0 || dow === 6 ? 'weekend' : 'weekday';
}
