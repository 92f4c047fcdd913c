import { BusinessDate, assertBusinessDate } from './calendar-math';
import { TrialStayRules } from './trial-stay-rules';

export interface WaitingListEntry {
  readonly id: string;
  readonly priorityCategory: string;
  readonly appliedOn: BusinessDate;
  /** Tie-breaker for the same category and day: order of registration. */
  readonly seq: number;
}

/**
 * The home's waiting list (入住轮候) in admission order: priority category (as listed in the
 * rules; unlisted categories last), then application date, then registration sequence.
 * Returns a new array.
 */
export function orderWaitingList<T extends WaitingListEntry>(
  entries: readonly T[],
  rules: Pick<TrialStayRules, 'priorityCategories'>,
): T[] {
  entries.forEach((e, i) => assertBusinessDate(e.appliedOn, `entries[${i}].appliedOn`));
  const rank = (category: string) => {
    const i = rules.priorityCategories.indexOf(category);
    return i === -1 ? rules.priorityCategories.length : i;
  };
  return [...entries].sort(
    (a, b) =>
      rank(a.priorityCategory) - rank(b.priorityCategory) ||
      (a.appliedOn < b.appliedOn ? -1 : a.appliedOn > b.appliedOn ? 1 : 0) ||
      a.seq - b.seq,
  );
}
