import { DEFAULT_LEAP_DAY_RULE, type LeapDayBirthdayRule, ageOn, nthBirthdayDate, nthBirthdayMonth } from './age';

describe('DEFAULT_LEAP_DAY_RULE', () => {
  it('keeps a 29 February birthday in February', () => {
    expect(DEFAULT_LEAP_DAY_RULE).toBe('feb-28');
  });
});

describe('nthBirthdayDate / nthBirthdayMonth', () => {
  it.each<[string, number, LeapDayBirthdayRule, string, string]>([
    // first and last day of a month
    ['1966-03-01', 60, 'feb-28', '2026-03-01', '2026-03'],
    ['1966-01-31', 60, 'feb-28', '2026-01-31', '2026-01'],
    ['1966-04-30', 60, 'feb-28', '2026-04-30', '2026-04'],
    ['1966-02-28', 60, 'feb-28', '2026-02-28', '2026-02'],
    // December births: the 60th birthday is in December of year + 60
    ['1966-12-01', 60, 'feb-28', '2026-12-01', '2026-12'],
    ['1966-12-31', 60, 'feb-28', '2026-12-31', '2026-12'],
    ['1946-12-31', 80, 'feb-28', '2026-12-31', '2026-12'],
    // 29 February into a non-leap year, both rules
    ['1964-02-29', 62, 'feb-28', '2026-02-28', '2026-02'],
    ['1964-02-29', 62, 'mar-01', '2026-03-01', '2026-03'],
    ['1967-02-28', 60, 'mar-01', '2027-02-28', '2027-02'], // rule only affects 29 Feb births
    ['1900-02-28', 100, 'mar-01', '2000-02-28', '2000-02'],
    // 29 February into a leap year: the rule does not apply
    ['1964-02-29', 60, 'feb-28', '2024-02-29', '2024-02'],
    ['1964-02-29', 60, 'mar-01', '2024-02-29', '2024-02'],
    ['1904-02-29', 96, 'mar-01', '2000-02-29', '2000-02'], // 2000 is a leap year
    ['1896-02-29', 4, 'mar-01', '1900-03-01', '1900-03'], // 1900 is not
    // milestone ages
    ['1946-07-15', 80, 'feb-28', '2026-07-15', '2026-07'],
    ['1936-07-15', 90, 'feb-28', '2026-07-15', '2026-07'],
    ['1926-07-15', 100, 'feb-28', '2026-07-15', '2026-07'],
    ['1966-07-15', 0, 'feb-28', '1966-07-15', '1966-07'],
  ])('%s: birthday %i under %s is %s (%s)', (birth, n, rule, date, month) => {
    expect(nthBirthdayDate(birth, n, rule)).toBe(date);
    expect(nthBirthdayMonth(birth, n, rule)).toBe(month);
  });

  it('defaults to feb-28', () => {
    expect(nthBirthdayDate('1964-02-29', 62)).toBe('2026-02-28');
    expect(nthBirthdayMonth('1964-02-29', 62)).toBe('2026-02');
  });

  it.each([[-1], [1.5], [Number.NaN]])('rejects n = %p', (n) => {
    expect(() => nthBirthdayDate('1966-01-01', n)).toThrow(RangeError);
  });

  it('rejects a malformed birth date', () => {
    expect(() => nthBirthdayDate('1966-02-29', 60)).toThrow(RangeError);
  });
});

describe('ageOn (周岁)', () => {
  it.each<[string, string, LeapDayBirthdayRule, number]>([
    // day before / on / after the 60th birthday
    ['1966-03-15', '2026-03-14', 'feb-28', 59],
    ['1966-03-15', '2026-03-15', 'feb-28', 60],
    ['1966-03-15', '2026-03-16', 'feb-28', 60],
    // first and last day of a month
    ['1966-03-01', '2026-02-28', 'feb-28', 59],
    ['1966-03-01', '2026-03-01', 'feb-28', 60],
    ['1966-01-31', '2026-01-30', 'feb-28', 59],
    ['1966-01-31', '2026-01-31', 'feb-28', 60],
    // December birth, across the year end
    ['1966-12-31', '2026-12-30', 'feb-28', 59],
    ['1966-12-31', '2026-12-31', 'feb-28', 60],
    ['1966-12-31', '2027-01-01', 'feb-28', 60],
    ['1966-01-01', '2025-12-31', 'feb-28', 59],
    ['1966-01-01', '2026-01-01', 'feb-28', 60],
    // 80, 90, 100
    ['1946-06-10', '2026-06-09', 'feb-28', 79],
    ['1946-06-10', '2026-06-10', 'feb-28', 80],
    ['1936-06-10', '2026-06-09', 'feb-28', 89],
    ['1936-06-10', '2026-06-10', 'feb-28', 90],
    ['1926-06-10', '2026-06-09', 'feb-28', 99],
    ['1926-06-10', '2026-06-10', 'feb-28', 100],
    ['1926-06-10', '2026-06-11', 'feb-28', 100],
    // 29 February births in a non-leap target year
    ['1966-02-28', '2026-02-28', 'feb-28', 60], // control: not a leap-day birth
    ['1964-02-29', '2026-02-27', 'feb-28', 61],
    ['1964-02-29', '2026-02-28', 'feb-28', 62],
    ['1964-02-29', '2026-02-28', 'mar-01', 61],
    ['1964-02-29', '2026-03-01', 'mar-01', 62],
    ['1964-02-29', '2026-03-01', 'feb-28', 62],
    // ... and in a leap target year
    ['1964-02-29', '2024-02-28', 'feb-28', 59],
    ['1964-02-29', '2024-02-28', 'mar-01', 59],
    ['1964-02-29', '2024-02-29', 'feb-28', 60],
    ['1964-02-29', '2024-02-29', 'mar-01', 60],
    // birth day itself
    ['2026-05-05', '2026-05-05', 'feb-28', 0],
    ['2025-05-05', '2026-05-04', 'feb-28', 0],
  ])('born %s, on %s (%s) → %i', (birth, on, rule, age) => {
    expect(ageOn(birth, on, rule)).toBe(age);
  });

  it('defaults to feb-28', () => {
    expect(ageOn('1964-02-29', '2026-02-28')).toBe(62);
  });

  it('throws when the date is before the birth', () => {
    expect(() => ageOn('1966-03-15', '1966-03-14')).toThrow(RangeError);
  });

  it('agrees with nthBirthdayDate for every day around the 60th birthday of a leap-day birth', () => {
    for (const rule of ['feb-28', 'mar-01'] as const) {
      const sixtieth = nthBirthdayDate('1964-02-29', 60, rule);
      const sixtyFirst = nthBirthdayDate('1964-02-29', 61, rule);
      expect(ageOn('1964-02-29', sixtieth, rule)).toBe(60);
      expect(ageOn('1964-02-29', sixtyFirst, rule)).toBe(61);
    }
  });
});
