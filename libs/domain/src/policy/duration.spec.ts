import { durationEndWithoutCalendar, type DurationPolicy } from './duration';

describe('durationEndWithoutCalendar (waits a workflow counts without the holiday calendar)', () => {
  it.each<[string, string, DurationPolicy, string, string]>([
    // [case, from (UTC instant), duration, due instant, due Asia/Shanghai date]
    [
      '12 months: the same day a year on, at its start in Asia/Shanghai',
      '2026-11-29T06:00:00.000Z',
      { unit: 'months', amount: 12 },
      '2027-11-28T16:00:00.000Z',
      '2027-11-29',
    ],
    [
      'late in the UTC day: counted from the Shanghai date, already the next day',
      '2026-11-29T17:30:00.000Z',
      { unit: 'months', amount: 1 },
      '2026-12-29T16:00:00.000Z',
      '2026-12-30',
    ],
    [
      '31 January + 1 month: clamped to the end of February',
      '2027-01-31T02:00:00.000Z',
      { unit: 'months', amount: 1 },
      '2027-02-27T16:00:00.000Z',
      '2027-02-28',
    ],
    [
      '29 February + 12 months: 28 February',
      '2028-02-29T02:00:00.000Z',
      { unit: 'months', amount: 12 },
      '2029-02-27T16:00:00.000Z',
      '2029-02-28',
    ],
    [
      '0 months: the start of the same day',
      '2026-11-29T06:00:00.000Z',
      { unit: 'months', amount: 0 },
      '2026-11-28T16:00:00.000Z',
      '2026-11-29',
    ],
    [
      'drill seconds: that many seconds on',
      '2026-11-29T15:59:59.000Z',
      { unit: 'seconds', amount: 2 },
      '2026-11-29T16:00:01.000Z',
      '2026-11-30',
    ],
  ])('%s', (_case, from, duration, dueAt, dueDate) => {
    expect(durationEndWithoutCalendar(new Date(from), duration)).toEqual({ dueAt, dueDate, calendarFlag: null });
  });

  it.each<DurationPolicy>([
    { unit: 'working_days', amount: 3 },
    { unit: 'calendar_days', amount: 7 },
    { unit: 'calendar_days', amount: 7, rollToWorkingDay: true },
  ])('leaves %j to the holiday calendar (null)', (duration) => {
    expect(durationEndWithoutCalendar(new Date('2026-11-29T06:00:00.000Z'), duration)).toBeNull();
  });
});
