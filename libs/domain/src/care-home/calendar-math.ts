/**
 * The date arithmetic the care-home rules use: the shared Asia/Shanghai business-date functions of
 * `dates/`, plus an assertion for callers that must throw on a malformed date.
 */
import { isBusinessDate, type BusinessDate } from '../dates';

export type { BusinessDate, YearMonth } from '../dates';
export { addDays, addMonths, daysBetween, isBusinessDate, monthOf } from '../dates';

export function assertBusinessDate(value: unknown, name: string): asserts value is BusinessDate {
  if (!isBusinessDate(value)) throw new RangeError(`${name} is not a YYYY-MM-DD date: ${String(value)}`);
}
