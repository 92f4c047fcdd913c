import { leastLoadedOfficer, type OfficerLoad } from './workload';

const officer = (id: string, openTasks: number, since: string): OfficerLoad => ({ id, openTasks, since });

describe('leastLoadedOfficer (who receives a proactively opened case)', () => {
  it.each<[string, OfficerLoad[], string | null]>([
    ['no active officer: nobody', [], null],
    ['one officer: that one', [officer('a', 40, '2024-01-01T00:00:00Z')], 'a'],
    ['the fewest open tasks wins', [officer('a', 5, '2020-01-01T00:00:00Z'), officer('b', 2, '2025-06-01T00:00:00Z')], 'b'],
    ['a tie goes to the longest-serving', [officer('b', 3, '2025-06-01T00:00:00Z'), officer('a', 3, '2020-01-01T00:00:00Z')], 'a'],
    [
      'created within the same millisecond: the earlier microsecond',
      [officer('b', 0, '2026-11-28T06:00:00.123457Z'), officer('a', 0, '2026-11-28T06:00:00.123456Z')],
      'a',
    ],
    [
      'created at the same instant: the smaller id, whatever the order',
      [officer('b', 0, '2024-01-01T00:00:00Z'), officer('a', 0, '2024-01-01T00:00:00Z')],
      'a',
    ],
    [
      'order of the list does not matter',
      [officer('c', 1, '2023-01-01T00:00:00Z'), officer('a', 0, '2024-01-01T00:00:00Z'), officer('b', 0, '2022-01-01T00:00:00Z')],
      'b',
    ],
  ])('%s', (_name, officers, expected) => {
    expect(leastLoadedOfficer(officers)).toBe(expected);
  });
});
