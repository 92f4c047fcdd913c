import { BusinessDate, addDays, assertBusinessDate, daysBetween } from './calendar-math';
import { TrialStayRules } from './trial-stay-rules';

export type WithdrawalBarResult =
  | { readonly barred: false }
  | {
      readonly barred: true;
      /** Last day of the bar (inclusive). */
      readonly until: BusinessDate;
      /** First day a new request is accepted: the day after `until`. */
      readonly firstAllowedOn: BusinessDate;
      /** The withdrawals that triggered the bar, oldest first. */
      readonly withdrawals: readonly BusinessDate[];
      readonly reason: string;
    };

/**
 * "Two voluntary withdrawals within a year bar re-application for a year."
 *
 * Reading: withdrawals count together when the last falls no more than `withinDays` days after
 * the first; the bar then runs from the withdrawal that completes the count through
 * `barDays` days after it, counted as Chinese administrative periods are (the start day is not
 * counted: a bar from 2025-03-10 of 365 days lasts through 2026-03-10). Withdrawals that
 * triggered a bar do not count again towards another one. Pass voluntary withdrawals only;
 * withdrawals after `requestDate` are ignored.
 */
export function checkWithdrawalBar(
  withdrawalDates: readonly BusinessDate[],
  requestDate: BusinessDate,
  rules: Pick<TrialStayRules, 'withdrawalBar'>,
): WithdrawalBarResult {
  assertBusinessDate(requestDate, 'requestDate');
  withdrawalDates.forEach((d, i) => assertBusinessDate(d, `withdrawalDates[${i}]`));
  const rule = rules.withdrawalBar;
  if (rule === null) return { barred: false };

  const dates = withdrawalDates.filter((d) => d <= requestDate).sort();
  let result: WithdrawalBarResult = { barred: false };
  let windowStart = 0;
  for (let j = 0; j < dates.length; j++) {
    while (daysBetween(dates[windowStart], dates[j]) > rule.withinDays) windowStart++;
    if (j - windowStart + 1 < rule.withdrawals) continue;

    const triggering = dates.slice(windowStart, j + 1);
    const until = addDays(dates[j], rule.barDays);
    windowStart = j + 1;
    if (requestDate <= until && (!result.barred || until > result.until)) {
      result = {
        barred: true,
        until,
        firstAllowedOn: addDays(until, 1),
        withdrawals: triggering,
        reason:
          `${triggering.join('、')}共${triggering.length}次主动退出试住(${rule.withinDays}天内),` +
          `自${dates[j]}起${rule.barDays}天内不得再次申请,至${until}止。`,
      };
    }
  }
  return result;
}
