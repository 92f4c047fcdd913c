import { BusinessDate, YearMonth, addDays, addMonths, assertBusinessDate, monthOf } from './calendar-math';
import { TrialStayRules } from './trial-stay-rules';

export interface SupportSwitch {
  /** Last month of dispersed support (分散供养): the month admission was approved. */
  readonly dispersedLastMonth: YearMonth;
  /** First month of centralized support (集中供养): the month after approval. */
  readonly centralizedFromMonth: YearMonth;
}

export function supportSwitchMonth(admissionApprovedOn: BusinessDate): SupportSwitch {
  const approvedMonth = monthOf(admissionApprovedOn);
  return { dispersedLastMonth: approvedMonth, centralizedFromMonth: addMonths(approvedMonth, 1) };
}

/**
 * Last day of a trial stay that starts on `startedOn`, counting as administrative periods do
 * (the start day is not counted): a 30-day trial from 1 March ends on 31 March.
 */
export function trialEndsOn(startedOn: BusinessDate, rules: Pick<TrialStayRules, 'trialDays'>): BusinessDate {
  assertBusinessDate(startedOn, 'startedOn');
  return addDays(startedOn, rules.trialDays);
}
