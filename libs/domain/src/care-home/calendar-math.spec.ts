import { addDays, addMonths, daysBetween, isBusinessDate } from './calendar-math';

describe('care-home calendar-math', () => {
  it.each([
    ['2025-03-10', 365, '2026-03-10'],
    ['2023-03-10', 365, '2024-03-09'],
    ['2024-02-28', 1, '2024-02-29'],
    ['2023-02-28', 1, '2023-03-01'],
    ['2024-12-31', 1, '2025-01-01'],
    ['2025-01-01', -1, '2024-12-31'],
    ['1970-01-01', 0, '1970-01-01'],
    ['2000-02-28', 2, '2000-03-01'],
    ['1900-02-28', 1, '1900-03-01'],
  ])('addDays(%s, %i) = %s', (date, n, expected) => {
    expect(addDays(date, n)).toBe(expected);
    expect(daysBetween(date, expected)).toBe(n);
  });

  it.each([
    ['2024-12', 1, '2025-01'],
    ['2025-01', -1, '2024-12'],
  ])('addMonths(%s, %i) = %s', (m, n, expected) => {
    expect(addMonths(m, n)).toBe(expected);
  });

  it.each([
    ['2025-02-29', false],
    ['2024-02-29', true],
    ['2024-06-31', false],
  ])('isBusinessDate(%s) = %p', (d, ok) => {
    expect(isBusinessDate(d)).toBe(ok);
  });
});
