/**
 * The built-in holiday years, from the npm package `chinese-days`. Kept apart from the pure
 * calendar code, which only ever sees HolidayYear data.
 *
 * The package's functions assume Monday–Friday for any year it does not cover, so we read its
 * published data file instead (dist/chinese-days.json, the same data its functions use, keyed by
 * date) and return only the years it really lists. We never call its functions: they also
 * interpret dates through the process time zone.
 */
import chineseDaysData from 'chinese-days/dist/chinese-days.json';
import { type BusinessDate, isBusinessDate, yearOf } from '../dates';
import { type HolidayYear } from './holiday-calendar';

interface ChineseDaysData {
  /** date → "English name,中文名,days" */
  holidays: Record<string, string>;
  workdays: Record<string, string>;
}

const data = chineseDaysData as ChineseDaysData;

function byYear(dates: Record<string, string>): Map<number, BusinessDate[]> {
  const out = new Map<number, BusinessDate[]>();
  for (const date of Object.keys(dates)) {
    if (!isBusinessDate(date)) continue;
    const year = yearOf(date);
    const list = out.get(year) ?? [];
    list.push(date);
    out.set(year, list);
  }
  return out;
}

/**
 * One HolidayYear per year `chinese-days` covers (2004–2026 in version 1.5.7). A year counts as
 * covered only if the package lists holidays in it; a make-up workday dated in an uncovered year
 * (e.g. a late-December one for the next year's 元旦) would not make that year covered.
 */
export function builtInHolidayYears(): HolidayYear[] {
  const holidays = byYear(data.holidays);
  const workdays = byYear(data.workdays);
  return [...holidays.keys()]
    .sort((a, b) => a - b)
    .map((year) => ({
      year,
      holidays: [...(holidays.get(year) ?? [])].sort(),
      makeupWorkdays: [...(workdays.get(year) ?? [])].sort(),
      source: `State Council holiday arrangement for ${year} (国务院办公厅关于${year}年部分节假日安排的通知), via npm chinese-days`,
    }));
}
