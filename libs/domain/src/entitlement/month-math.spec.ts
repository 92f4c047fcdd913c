import { addMonths, compareMonths, isBusinessDate, isYearMonth, monthOf, nthBirthday, nthBirthdayMonth } from './month-math';

describe('month-math', () => {
  it.each([
    ['2024-01', 1, '2024-02'],
    ['2024-12', 1, '2025-01'],
    ['2025-01', -1, '2024-12'],
    ['2024-03', -15, '2022-12'],
    ['2024-05', 0, '2024-05'],
  ])('addMonths(%s, %i) = %s', (m, n, expected) => {
    expect(addMonths(m, n)).toBe(expected);
  });

  it.each([
    ['2024-01', '2024-02', -1],
    ['2024-12', '2025-01', -1],
    ['2025-01', '2024-12', 1],
    ['2024-06', '2024-06', 0],
  ])('compareMonths(%s, %s) has sign %i', (a, b, sign) => {
    expect(Math.sign(compareMonths(a, b))).toBe(sign);
  });

  it.each([
    ['2024-02-29', true],
    ['2023-02-29', false],
    ['1900-02-29', false],
    ['2000-02-29', true],
    ['2024-04-31', false],
    ['2024-4-01', false],
    ['2024-13-01', false],
  ])('isBusinessDate(%s) = %p', (d, ok) => {
    expect(isBusinessDate(d)).toBe(ok);
  });

  it.each([
    ['2024-12', true],
    ['2024-00', false],
    ['2024-1', false],
  ])('isYearMonth(%s) = %p', (m, ok) => {
    expect(isYearMonth(m)).toBe(ok);
  });

  it('monthOf rejects malformed dates', () => {
    expect(monthOf('2024-01-31')).toBe('2024-01');
    expect(() => monthOf('2024-02-30')).toThrow(RangeError);
  });

  it.each<[string, number, 'feb-28' | 'mar-01', string]>([
    ['1964-03-01', 60, 'feb-28', '2024-03-01'],
    ['1964-02-29', 60, 'feb-28', '2024-02-29'],
    ['1936-02-29', 90, 'feb-28', '2026-02-28'],
    ['1936-02-29', 90, 'mar-01', '2026-03-01'],
    ['2040-02-29', 60, 'mar-01', '2100-03-01'],
    ['1964-12-31', 80, 'feb-28', '2044-12-31'],
  ])('nthBirthday(%s, %i, %s) = %s', (birth, n, rule, expected) => {
    expect(nthBirthday(birth, n, rule)).toBe(expected);
    expect(nthBirthdayMonth(birth, n, rule)).toBe(expected.slice(0, 7));
  });
});
