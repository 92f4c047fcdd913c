import { formatDate, formatDateTime, formatFen, formatMonthRange, shanghaiDate } from './format';

describe('console formatting', () => {
  it.each([
    ['2026-11-26', '2026年11月26日'],
    ['2026-01-05', '2026年1月5日'],
    ['2026-12', '2026年12月'],
    [null, '—'],
  ])('formatDate(%p) = %p', (input, expected) => {
    expect(formatDate(input)).toBe(expected);
  });

  it.each([
    [0, '0.00 元'],
    [8050, '80.50 元'],
    [123456789, '1,234,567.89 元'],
    [-100, '-1.00 元'],
  ])('formatFen(%p) = %p', (fen, expected) => {
    expect(formatFen(fen)).toBe(expected);
  });

  it('uses the Asia/Shanghai date of an instant, not the machine zone', () => {
    expect(shanghaiDate('2026-11-25T16:30:00Z')).toBe('2026-11-26');
    expect(formatDateTime('2026-11-25T16:30:00Z')).toBe('2026年11月26日 00:30');
  });

  it('writes month ranges', () => {
    expect(formatMonthRange('2026-12', null)).toBe('2026年12月起');
    expect(formatMonthRange('2026-12', '2027-03')).toBe('2026年12月至2027年3月');
  });
});
