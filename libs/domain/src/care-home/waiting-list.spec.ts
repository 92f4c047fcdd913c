import { DEFAULT_TRIAL_STAY_RULES } from './trial-stay-rules';
import { WaitingListEntry, orderWaitingList } from './waiting-list';

const e = (id: string, priorityCategory: string, appliedOn: string, seq: number): WaitingListEntry => ({
  id,
  priorityCategory,
  appliedOn,
  seq,
});

describe('orderWaitingList', () => {
  it.each<[string, WaitingListEntry[], string[]]>([
    [
      'priority category first',
      [e('a', 'self-care', '2025-01-01', 1), e('b', 'partial', '2025-03-01', 2), e('c', 'cannot-self-care', '2025-05-01', 3)],
      ['c', 'b', 'a'],
    ],
    [
      'then application date',
      [e('a', 'partial', '2025-03-02', 1), e('b', 'partial', '2025-03-01', 2), e('c', 'partial', '2024-12-31', 3)],
      ['c', 'b', 'a'],
    ],
    [
      'then sequence',
      [e('a', 'partial', '2025-03-01', 7), e('b', 'partial', '2025-03-01', 2), e('c', 'partial', '2025-03-01', 5)],
      ['b', 'c', 'a'],
    ],
    ['unlisted categories last', [e('a', 'unknown', '2020-01-01', 1), e('b', 'self-care', '2025-03-01', 2)], ['b', 'a']],
    ['empty list', [], []],
  ])('%s', (_name, entries, ids) => {
    expect(orderWaitingList(entries, DEFAULT_TRIAL_STAY_RULES).map((x) => x.id)).toEqual(ids);
  });

  it('follows the order in the rules and does not mutate its input', () => {
    const entries = [e('a', 'cannot-self-care', '2025-01-01', 1), e('b', 'veteran', '2025-02-01', 2)];
    const ordered = orderWaitingList(entries, { priorityCategories: ['veteran', 'cannot-self-care'] });
    expect(ordered.map((x) => x.id)).toEqual(['b', 'a']);
    expect(entries.map((x) => x.id)).toEqual(['a', 'b']);
  });
});
