import { builtInHolidayYears } from './chinese-days-source';
import { type HolidayYear, createHolidayCalendar } from './holiday-calendar';
import { addCalendarDays, addWorkingDays, isWorkingDay, nextWorkingDayOnOrAfter, workingDaysBetween } from './working-days';

/** Made-up data in the shape an admin would load; NOT the official 2027 arrangement. */
const FIXTURE_2027: HolidayYear = {
  year: 2027,
  holidays: [
    '2027-01-01',
    '2027-01-02',
    '2027-01-03',
    '2027-02-06',
    '2027-02-07',
    '2027-02-08',
    '2027-02-09',
    '2027-02-10',
    '2027-02-11',
    '2027-02-12',
  ],
  makeupWorkdays: ['2027-02-20'],
  source: 'test fixture (invented, not the official 2027 arrangement)',
};

const builtIn = createHolidayCalendar(builtInHolidayYears());
const with2027 = createHolidayCalendar([...builtInHolidayYears(), FIXTURE_2027]);
const empty = createHolidayCalendar([]);

describe('isWorkingDay (built-in 2026)', () => {
  it.each([
    ['2026-09-20', true, 'Sunday make-up workday (国庆)'],
    ['2026-10-10', true, 'Saturday make-up workday (国庆)'],
    ['2026-02-14', true, 'Saturday make-up workday (春节)'],
    ['2026-02-28', true, 'Saturday make-up workday (春节)'],
    ['2026-01-04', true, 'Sunday make-up workday (元旦)'],
    ['2026-09-25', false, 'Friday, 中秋 holiday'],
    ['2026-10-01', false, '国庆 holiday'],
    ['2026-10-07', false, 'Wednesday, 国庆 holiday'],
    ['2026-02-16', false, 'Monday, 春节 holiday'],
    ['2026-02-23', false, 'Monday, last 春节 holiday'],
    ['2026-10-08', true, 'Thursday after 国庆'],
    ['2026-10-11', false, 'ordinary Sunday'],
    ['2026-03-07', false, 'ordinary Saturday'],
    ['2026-03-06', true, 'ordinary Friday'],
  ])('%s → %p (%s)', (date, expected) => {
    expect(isWorkingDay(builtIn, date)).toBe(expected);
  });
});

describe('addWorkingDays', () => {
  it.each([
    // 国庆/中秋 2026: 9/25–9/27 and 10/1–10/7 off, 9/20 and 10/10 worked.
    ['2026-09-25', 10, '2026-10-15', 'the brief’s example (= chinese-days findWorkday)'],
    ['2026-09-18', 1, '2026-09-20', 'Friday → the Sunday make-up workday'],
    ['2026-09-24', 1, '2026-09-28', 'over 中秋 and the weekend'],
    ['2026-09-30', 1, '2026-10-08', 'over 国庆'],
    ['2026-10-09', 1, '2026-10-10', 'onto the Saturday make-up workday'],
    ['2026-09-28', 10, '2026-10-16', 'ten days around 国庆'],
    // 春节 2026: 2/15–2/23 off, 2/14 and 2/28 (Saturdays) worked.
    ['2026-02-12', 3, '2026-02-24', '2/13, 2/14 (make-up), then 2/24'],
    ['2026-02-13', 1, '2026-02-14', 'Friday → Saturday make-up workday'],
    ['2026-02-10', 10, '2026-03-02', 'across the whole holiday, both make-up days counted'],
    ['2026-02-24', 4, '2026-02-28', 'onto the second make-up Saturday'],
    // 元旦 2026: 1/1–1/3 off, 1/4 (Sunday) worked.
    ['2025-12-31', 1, '2026-01-04', 'New Year, onto the Sunday make-up day'],
    // Ordinary weeks.
    ['2026-03-06', 5, '2026-03-13', 'five working days from a Friday'],
    ['2026-03-06', 1, '2026-03-09', 'one working day from a Friday'],
    ['2026-03-07', 1, '2026-03-09', 'from a Saturday'],
    // Start on a holiday: the start is not counted whatever it is.
    ['2026-10-01', 1, '2026-10-08', 'start on 国庆 day'],
    ['2026-10-03', 3, '2026-10-10', 'start mid-holiday, make-up Saturday counted'],
    ['2026-02-15', 1, '2026-02-24', 'start on the first 春节 day'],
    // n = 0: the deadline is the start day, moved off a day off.
    ['2026-03-06', 0, '2026-03-06', 'n = 0 on a working day'],
    ['2026-10-01', 0, '2026-10-08', 'n = 0 on a holiday'],
    ['2026-10-10', 0, '2026-10-10', 'n = 0 on a make-up workday'],
  ])('%s + %i working days = %s (%s)', (start, n, due) => {
    expect(addWorkingDays(builtIn, start, n)).toEqual({ due, unloadedYears: [] });
  });
});

describe('addCalendarDays', () => {
  it.each([
    ['2026-09-24', 7, true, '2026-10-08', 'lands on 10/1 → next working day'],
    ['2026-09-24', 7, false, '2026-10-01', 'no rolling: stays on the holiday'],
    ['2026-09-28', 7, true, '2026-10-08', 'lands on 10/5'],
    ['2026-09-13', 7, true, '2026-09-20', 'lands on a Sunday make-up workday: stays'],
    ['2026-02-08', 7, true, '2026-02-24', 'lands on the first 春节 day'],
    ['2026-02-27', 7, true, '2026-03-06', 'lands on a Friday'],
    ['2026-02-28', 7, true, '2026-03-09', 'lands on a Saturday → Monday'],
    ['2026-02-28', 7, false, '2026-03-07', 'no rolling: stays on the Saturday'],
    ['2026-03-06', 0, true, '2026-03-06', 'n = 0 on a working day'],
    ['2026-10-01', 0, true, '2026-10-08', 'n = 0 on a holiday'],
  ])('%s + %i days (roll %p) = %s (%s)', (start, n, roll, due) => {
    expect(addCalendarDays(builtIn, start, n, { rollForwardToWorkingDay: roll })).toEqual({
      due,
      unloadedYears: [],
    });
  });
});

describe('years the calendar has not loaded', () => {
  it.each([
    // Built-in data stops at 2026: 2027 is assumed Monday–Friday, and flagged.
    ['built-in', 'working', '2026-12-24', 10, null, '2027-01-07', [2027]],
    ['built-in', 'calendar', '2026-12-25', 7, true, '2027-01-01', [2027]],
    ['built-in', 'calendar', '2026-12-25', 7, false, '2027-01-01', []], // no day's status consulted
    ['built-in', 'working', '2026-12-30', 1, null, '2026-12-31', []], // stays inside 2026
    ['built-in', 'working', '2026-12-24', 300, null, '2028-02-17', [2027, 2028]], // 5 + 261 + 34 weekdays
    ['built-in', 'working', '2003-12-30', 3, null, '2004-01-05', [2003]], // before the data starts
    // After an admin loads 2027 as data: real answer, not flagged.
    ['with 2027', 'working', '2026-12-24', 10, null, '2027-01-08', []],
    ['with 2027', 'calendar', '2026-12-25', 7, true, '2027-01-04', []],
    ['with 2027', 'working', '2027-02-05', 1, null, '2027-02-15', []],
    ['with 2027', 'working', '2027-02-19', 1, null, '2027-02-20', []], // make-up Saturday
    ['with 2027', 'calendar', '2027-12-25', 7, true, '2028-01-03', [2028]],
    // Nothing loaded at all: Monday–Friday, flagged.
    ['empty', 'working', '2026-09-25', 10, null, '2026-10-09', [2026]],
  ] as const)('%s: %s days from %s + %i (roll %p) → %s flagged %p', (which, kind, start, n, roll, due, unloaded) => {
    const cal = which === 'built-in' ? builtIn : which === 'with 2027' ? with2027 : empty;
    const result =
      kind === 'working' ? addWorkingDays(cal, start, n) : addCalendarDays(cal, start, n, { rollForwardToWorkingDay: roll === true });
    expect(result).toEqual({ due, unloadedYears: unloaded });
  });

  it('nextWorkingDayOnOrAfter reports the unloaded year too', () => {
    expect(nextWorkingDayOnOrAfter(builtIn, '2027-01-02')).toEqual({
      due: '2027-01-04',
      unloadedYears: [2027],
    });
    expect(nextWorkingDayOnOrAfter(with2027, '2027-01-01')).toEqual({
      due: '2027-01-04',
      unloadedYears: [],
    });
  });
});

describe('guards', () => {
  it.each([[-1], [1.5], [Number.NaN], [Number.POSITIVE_INFINITY]])('n = %p throws RangeError', (n) => {
    expect(() => addWorkingDays(builtIn, '2026-03-06', n)).toThrow(RangeError);
    expect(() => addCalendarDays(builtIn, '2026-03-06', n, { rollForwardToWorkingDay: true })).toThrow(RangeError);
  });

  it.each([['2026-02-30'], ['2026-3-6'], ['']])('start %p throws RangeError', (start) => {
    expect(() => addWorkingDays(builtIn, start, 1)).toThrow(RangeError);
    expect(() => addCalendarDays(builtIn, start, 1, { rollForwardToWorkingDay: false })).toThrow(RangeError);
  });
});

describe('workingDaysBetween (working days left until a due date)', () => {
  it.each([
    ['2026-11-26', '2026-11-26', 0, 'due today'],
    ['2026-11-26', '2026-11-25', 0, 'already past'],
    ['2026-11-26', '2026-11-27', 1, 'Thursday → Friday'],
    ['2026-11-27', '2026-11-30', 1, 'Friday → Monday: the weekend does not count'],
    ['2026-11-27', '2026-11-29', 0, 'Friday → Sunday: no working day between'],
    ['2026-09-30', '2026-10-09', 2, 'over 国庆: the holidays do not count, 10-08 and 10-09 do'],
    ['2026-10-09', '2026-10-12', 2, 'Saturday 10-10 is a make-up workday (国庆)'],
    ['2026-02-13', '2026-02-24', 2, 'over 春节: Saturday 02-14 make-up workday and Tuesday 02-24'],
  ])('%s → %s: %i (%s)', (from, to, expected) => {
    expect(workingDaysBetween(builtIn, from, to)).toBe(expected);
  });

  it.each([1, 2, 5, 10, 30])('inverts addWorkingDays for %i days across the year end', (n) => {
    const start = '2026-12-24';
    expect(workingDaysBetween(with2027, start, addWorkingDays(with2027, start, n).due)).toBe(n);
  });

  it('treats an unloaded year as Monday–Friday', () => {
    expect(workingDaysBetween(empty, '2031-01-03', '2031-01-10')).toBe(5);
  });
});
