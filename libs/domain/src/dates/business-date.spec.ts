import { execFile } from 'node:child_process';

import {
  addDays,
  addMonths,
  addMonthsToDate,
  compareDates,
  compareMonths,
  dayOfWeek,
  daysBetween,
  endOfShanghaiDay,
  firstDayOfMonth,
  fromEpochDay,
  isBusinessDate,
  isYearMonth,
  lastDayOfMonth,
  maxDate,
  maxMonth,
  minDate,
  minMonth,
  monthOf,
  monthsBetween,
  parseBusinessDate,
  parseYearMonth,
  shanghaiDateOf,
  shanghaiMonthOf,
  startOfMonthInstant,
  startOfShanghaiDay,
  toEpochDay,
} from './business-date';

describe('parseBusinessDate / isBusinessDate', () => {
  it.each([
    ['2026-01-01'],
    ['2026-12-31'],
    ['2024-02-29'], // leap year
    ['2000-02-29'], // divisible by 400
    ['1949-12-31'],
    ['1880-01-01'],
    ['9999-12-31'],
  ])('accepts %s', (s) => {
    expect(parseBusinessDate(s)).toEqual({ ok: true, value: s });
    expect(isBusinessDate(s)).toBe(true);
  });

  it.each([
    ['2026-02-29', 'INVALID_DATE'], // not a leap year
    ['1900-02-29', 'INVALID_DATE'], // divisible by 100, not 400
    ['1949-02-30', 'INVALID_DATE'],
    ['2026-04-31', 'INVALID_DATE'],
    ['2026-13-01', 'INVALID_DATE'],
    ['2026-00-10', 'INVALID_DATE'],
    ['2026-01-00', 'INVALID_DATE'],
    ['0000-01-01', 'INVALID_DATE'],
    ['2026-1-01', 'FORMAT'],
    ['2026/01/01', 'FORMAT'],
    ['20260101', 'FORMAT'],
    [' 2026-01-01', 'FORMAT'],
    ['2026-01-01T00:00:00Z', 'FORMAT'],
    ['', 'FORMAT'],
    [20260101, 'FORMAT'],
    [null, 'FORMAT'],
  ])('rejects %p with %s', (s, code) => {
    const r = parseBusinessDate(s);
    expect(r).toMatchObject({ ok: false, code });
    expect(isBusinessDate(s)).toBe(false);
  });

  it('returns the error as a value with a message', () => {
    const r = parseBusinessDate('2026-02-30');
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.message).toMatch(/real calendar date/);
  });
});

describe('parseYearMonth / isYearMonth', () => {
  it.each([['2026-01'], ['2026-12'], ['1950-06']])('accepts %s', (s) => {
    expect(parseYearMonth(s)).toEqual({ ok: true, value: s });
    expect(isYearMonth(s)).toBe(true);
  });

  it.each([
    ['2026-13', 'INVALID_DATE'],
    ['2026-00', 'INVALID_DATE'],
    ['2026-1', 'FORMAT'],
    ['2026-01-01', 'FORMAT'],
    [undefined, 'FORMAT'],
  ])('rejects %p with %s', (s, code) => {
    expect(parseYearMonth(s)).toMatchObject({ ok: false, code });
    expect(isYearMonth(s)).toBe(false);
  });
});

const INSTANT_CASES: [iso: string, date: string, month: string][] = [
  ['2026-03-31T16:30:00Z', '2026-04-01', '2026-04'],
  ['2026-03-31T15:59:59.999Z', '2026-03-31', '2026-03'],
  ['2026-03-31T16:00:00Z', '2026-04-01', '2026-04'],
  ['2025-12-31T16:00:00Z', '2026-01-01', '2026-01'],
  ['2025-12-31T15:59:59.999Z', '2025-12-31', '2025-12'],
  ['2024-02-28T16:00:00Z', '2024-02-29', '2024-02'],
  ['2026-07-01T03:00:00Z', '2026-07-01', '2026-07'],
  ['1970-01-01T00:00:00Z', '1970-01-01', '1970-01'],
  ['1969-12-31T15:59:59Z', '1969-12-31', '1969-12'],
  ['1949-12-31T12:00:00Z', '1949-12-31', '1949-12'],
];

const DAY_BOUNDARY_CASES: [date: string, start: string, end: string][] = [
  ['2026-04-01', '2026-03-31T16:00:00.000Z', '2026-04-01T15:59:59.999Z'],
  ['2026-01-01', '2025-12-31T16:00:00.000Z', '2026-01-01T15:59:59.999Z'],
  ['2024-02-29', '2024-02-28T16:00:00.000Z', '2024-02-29T15:59:59.999Z'],
  ['2026-07-01', '2026-06-30T16:00:00.000Z', '2026-07-01T15:59:59.999Z'],
  ['1970-01-01', '1969-12-31T16:00:00.000Z', '1970-01-01T15:59:59.999Z'],
];

const MONTH_START_CASES: [month: string, start: string][] = [
  ['2026-04', '2026-03-31T16:00:00.000Z'],
  ['2026-01', '2025-12-31T16:00:00.000Z'],
  ['2026-12', '2026-11-30T16:00:00.000Z'],
];

describe('instant conversions (in this process)', () => {
  it.each(INSTANT_CASES)('%s is %s (%s) in Shanghai', (iso, date, month) => {
    const instant = new Date(iso);
    expect(shanghaiDateOf(instant)).toBe(date);
    expect(shanghaiDateOf(instant.getTime())).toBe(date);
    expect(shanghaiMonthOf(instant)).toBe(month);
  });

  it.each(DAY_BOUNDARY_CASES)('day %s runs from %s to %s', (date, start, end) => {
    expect(startOfShanghaiDay(date).toISOString()).toBe(start);
    expect(endOfShanghaiDay(date).toISOString()).toBe(end);
    expect(shanghaiDateOf(startOfShanghaiDay(date))).toBe(date);
    expect(shanghaiDateOf(endOfShanghaiDay(date))).toBe(date);
    expect(shanghaiDateOf(endOfShanghaiDay(date).getTime() + 1)).toBe(addDays(date, 1));
  });

  it.each(MONTH_START_CASES)('month %s starts at %s', (month, start) => {
    expect(startOfMonthInstant(month).toISOString()).toBe(start);
  });
});

/*
 * Jest gives each test file its own copy of process.env, so assigning TZ inside a test does not
 * change the zone Node uses. Each zone therefore gets a fresh Node process (TZ set before start)
 * that loads this module and evaluates the same tables.
 */
const PROBE = `
  const d = require(${JSON.stringify(require.resolve('./business-date'))});
  const input = JSON.parse(process.argv[1]);
  process.stdout.write(JSON.stringify({
    offsetJuly: new Date(Date.UTC(2026, 6, 1)).getTimezoneOffset(),
    localHourAtShanghaiMidnight: new Date('2026-03-31T16:00:00Z').getHours(),
    instants: input.instants.map(([iso]) => [d.shanghaiDateOf(new Date(iso)), d.shanghaiMonthOf(Date.parse(iso))]),
    days: input.days.map(([date]) => [d.startOfShanghaiDay(date).toISOString(), d.endOfShanghaiDay(date).toISOString()]),
    months: input.months.map(([month]) => d.startOfMonthInstant(month).toISOString()),
    dow: d.dayOfWeek('2026-09-20'),
  }));
`;

interface ProbeOutput {
  offsetJuly: number;
  localHourAtShanghaiMidnight: number;
  instants: [string, string][];
  days: [string, string][];
  months: string[];
  dow: number;
}

function runProbe(tz: string): Promise<ProbeOutput> {
  const input = { instants: INSTANT_CASES, days: DAY_BOUNDARY_CASES, months: MONTH_START_CASES };
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      ['-r', require.resolve('ts-node/register/transpile-only'), '-e', PROBE, JSON.stringify(input)],
      { env: { ...process.env, TZ: tz }, encoding: 'utf8', timeout: 60_000 },
      (error, stdout, stderr) => {
        if (error) reject(new Error(`probe with TZ=${tz} failed: ${stderr || error.message}`));
        else resolve(JSON.parse(stdout) as ProbeOutput);
      },
    );
  });
}

const ZONES: [tz: string, offsetJuly: number, localHour: number][] = [
  ['UTC', 0, 16],
  ['Asia/Shanghai', -480, 0],
  ['America/Los_Angeles', 420, 9],
  ['Pacific/Kiritimati', -840, 6],
  ['Asia/Kolkata', -330, 21],
];

describe('results do not depend on process TZ', () => {
  const outputs = new Map<string, ProbeOutput>();

  beforeAll(async () => {
    const results = await Promise.all(ZONES.map(([tz]) => runProbe(tz)));
    ZONES.forEach(([tz], i) => outputs.set(tz, results[i]));
  }, 120_000);

  describe.each(ZONES)('TZ=%s', (tz, offsetJuly, localHour) => {
    const out = (): ProbeOutput => outputs.get(tz) as ProbeOutput;

    it('the child process really runs in that zone', () => {
      expect(out().offsetJuly).toBe(offsetJuly);
      expect(out().localHourAtShanghaiMidnight).toBe(localHour);
    });

    it('converts instants to the same Shanghai dates and months', () => {
      expect(out().instants).toEqual(INSTANT_CASES.map(([, date, month]) => [date, month]));
    });

    it('gives the same day boundaries, month starts and weekdays', () => {
      expect(out().days).toEqual(DAY_BOUNDARY_CASES.map(([, start, end]) => [start, end]));
      expect(out().months).toEqual(MONTH_START_CASES.map(([, start]) => start));
      expect(out().dow).toBe(0);
    });
  });
});

describe('instant guards', () => {
  it('rejects an invalid Date', () => {
    expect(() => shanghaiDateOf(new Date('not a date'))).toThrow(RangeError);
    expect(() => shanghaiDateOf(Number.NaN)).toThrow(RangeError);
  });
});

describe('epoch days', () => {
  it.each([
    ['1970-01-01', 0],
    ['1970-01-02', 1],
    ['1969-12-31', -1],
    ['2000-03-01', 11_017],
    ['2026-03-31', 20_543],
  ])('%s is epoch day %i', (date, n) => {
    expect(toEpochDay(date)).toBe(n);
    expect(fromEpochDay(n)).toBe(date);
  });

  it('round-trips every day from 1880 to 2100 and agrees with Date.UTC', () => {
    const from = toEpochDay('1880-01-01');
    const to = toEpochDay('2100-12-31');
    const mismatches: string[] = [];
    for (let d = from; d <= to; d++) {
      const iso = new Date(d * 86_400_000).toISOString().slice(0, 10);
      if (fromEpochDay(d) !== iso || toEpochDay(iso) !== d) mismatches.push(iso);
    }
    expect(mismatches).toEqual([]);
    expect(to - from + 1).toBe(80_719);
  });
});

describe('addDays / daysBetween', () => {
  it.each([
    ['2026-01-31', 1, '2026-02-01'],
    ['2026-02-28', 1, '2026-03-01'],
    ['2024-02-28', 1, '2024-02-29'],
    ['2026-12-31', 1, '2027-01-01'],
    ['2027-01-01', -1, '2026-12-31'],
    ['2026-03-01', -1, '2026-02-28'],
    ['2026-09-25', 20, '2026-10-15'],
    ['2026-01-01', 0, '2026-01-01'],
    ['2026-01-01', 365, '2027-01-01'],
    ['2024-01-01', 366, '2025-01-01'],
  ])('%s + %i days = %s', (date, n, expected) => {
    expect(addDays(date, n)).toBe(expected);
    expect(daysBetween(date, expected)).toBe(n);
    expect(daysBetween(expected, date)).toBe(0 - n);
  });

  it.each([[1.5], [Number.NaN], [Number.POSITIVE_INFINITY]])('rejects n = %p', (n) => {
    expect(() => addDays('2026-01-01', n)).toThrow(RangeError);
  });

  it('rejects a malformed date', () => {
    expect(() => addDays('2026-02-30', 1)).toThrow(RangeError);
  });
});

describe('addMonths / monthsBetween', () => {
  it.each([
    ['2026-01', 1, '2026-02'],
    ['2026-12', 1, '2027-01'],
    ['2026-11', 3, '2027-02'],
    ['2026-01', -1, '2025-12'],
    ['2026-01', -13, '2024-12'],
    ['2026-06', 0, '2026-06'],
    ['2026-06', 24, '2028-06'],
    ['1950-01', 720, '2010-01'],
  ])('%s + %i months = %s', (month, n, expected) => {
    expect(addMonths(month, n)).toBe(expected);
    expect(monthsBetween(month, expected)).toBe(n);
  });
});

describe('addMonthsToDate', () => {
  it.each([
    ['2026-01-31', 1, '2026-02-28'],
    ['2024-01-31', 1, '2024-02-29'],
    ['2026-03-31', 1, '2026-04-30'],
    ['2026-03-31', -1, '2026-02-28'],
    ['2026-12-15', 1, '2027-01-15'],
    ['2026-01-15', -1, '2025-12-15'],
    ['2024-02-29', 12, '2025-02-28'],
    ['2026-01-30', 12, '2027-01-30'],
  ])('%s + %i months = %s', (date, n, expected) => {
    expect(addMonthsToDate(date, n)).toBe(expected);
  });
});

describe('comparisons', () => {
  it.each([
    ['2026-01-01', '2026-01-02', -1],
    ['2026-01-02', '2026-01-01', 1],
    ['2026-01-01', '2026-01-01', 0],
    ['2025-12-31', '2026-01-01', -1],
  ])('compareDates(%s, %s) = %i', (a, b, expected) => {
    expect(compareDates(a, b)).toBe(expected);
  });

  it.each([
    ['2026-01', '2026-02', -1],
    ['2027-01', '2026-12', 1],
    ['2026-05', '2026-05', 0],
  ])('compareMonths(%s, %s) = %i', (a, b, expected) => {
    expect(compareMonths(a, b)).toBe(expected);
  });

  it('max/min over several', () => {
    expect(maxMonth('2026-03', '2027-01', '2026-12')).toBe('2027-01');
    expect(minMonth('2026-03', '2027-01', '2025-12')).toBe('2025-12');
    expect(maxMonth('2026-03')).toBe('2026-03');
    expect(maxDate('2026-03-01', '2026-02-28')).toBe('2026-03-01');
    expect(minDate('2026-03-01', '2026-02-28')).toBe('2026-02-28');
  });
});

describe('month helpers', () => {
  it.each([
    ['2026-01', '2026-01-01', '2026-01-31'],
    ['2026-02', '2026-02-01', '2026-02-28'],
    ['2024-02', '2024-02-01', '2024-02-29'],
    ['1900-02', '1900-02-01', '1900-02-28'],
    ['2000-02', '2000-02-01', '2000-02-29'],
    ['2026-04', '2026-04-01', '2026-04-30'],
    ['2026-12', '2026-12-01', '2026-12-31'],
  ])('%s runs %s to %s', (month, first, last) => {
    expect(firstDayOfMonth(month)).toBe(first);
    expect(lastDayOfMonth(month)).toBe(last);
    expect(monthOf(first)).toBe(month);
    expect(monthOf(last)).toBe(month);
  });
});

describe('dayOfWeek', () => {
  it.each([
    ['1970-01-01', 4],
    ['2026-01-01', 4], // Thursday
    ['2026-09-25', 5], // Friday
    ['2026-09-20', 0], // Sunday (make-up workday)
    ['2026-10-10', 6], // Saturday (make-up workday)
    ['1949-10-01', 6],
    ['2000-01-01', 6],
  ])('%s is day %i', (date, dow) => {
    expect(dayOfWeek(date)).toBe(dow);
  });
});
