import { isWorkday as chineseDaysIsWorkday } from 'chinese-days';
import { addDays, daysBetween } from '../dates';
import { builtInHolidayYears } from './chinese-days-source';
import { createHolidayCalendar, validateHolidayYear } from './holiday-calendar';
import { isWorkingDay } from './working-days';

describe('builtInHolidayYears', () => {
  const years = builtInHolidayYears();

  it('returns exactly the years chinese-days covers, 2004–2026, in order', () => {
    expect(years.map((y) => y.year)).toEqual(Array.from({ length: 23 }, (_, i) => 2004 + i));
  });

  it('never returns a year the package does not cover', () => {
    const loaded = years.map((y) => y.year);
    expect(loaded).not.toContain(2003);
    expect(loaded).not.toContain(2027);
  });

  it.each(builtInHolidayYears().map((y) => [y.year, y] as const))('%i passes validateHolidayYear', (_year, y) => {
    expect(validateHolidayYear(y)).toEqual({ ok: true, value: y });
  });

  // https://www.gov.cn/zhengce/zhengceku/202511/content_7047091.htm
  it('2026 matches the State Council notice', () => {
    const y2026 = years.find((y) => y.year === 2026);
    const range = (from: string, to: string): string[] => Array.from({ length: daysBetween(from, to) + 1 }, (_, i) => addDays(from, i));
    expect(y2026?.holidays).toEqual([
      ...range('2026-01-01', '2026-01-03'), // 元旦
      ...range('2026-02-15', '2026-02-23'), // 春节
      ...range('2026-04-04', '2026-04-06'), // 清明
      ...range('2026-05-01', '2026-05-05'), // 劳动节
      ...range('2026-06-19', '2026-06-21'), // 端午
      ...range('2026-09-25', '2026-09-27'), // 中秋
      ...range('2026-10-01', '2026-10-07'), // 国庆
    ]);
    expect(y2026?.makeupWorkdays).toEqual(['2026-01-04', '2026-02-14', '2026-02-28', '2026-05-09', '2026-09-20', '2026-10-10']);
    expect(y2026?.source).toMatch(/chinese-days/);
  });

  it('agrees with chinese-days on every day it covers', () => {
    const cal = createHolidayCalendar(years);
    const mismatches: string[] = [];
    for (let d = '2004-01-01'; d <= '2026-12-31'; d = addDays(d, 1)) {
      const [y, m, day] = d.split('-').map(Number);
      // chinese-days reads Date objects in the process's local zone; local noon is that day everywhere.
      if (isWorkingDay(cal, d) !== chineseDaysIsWorkday(new Date(y, m - 1, day, 12))) mismatches.push(d);
    }
    expect(mismatches).toEqual([]);
  });
});
