import { payrollTransition, type PayrollAction, type PayrollRunStatus } from './run-transitions';

const maker = { userId: 'u-maker', role: 'county_officer' as const };
const checker = { userId: 'u-checker', role: 'county_officer' as const };

describe('payrollTransition: maker–checker', () => {
  it.each([
    ['draft', 'submit', maker, null, undefined, 'submitted'],
    ['submitted', 'approve', checker, 'u-maker', undefined, 'approved'],
    ['submitted', 'approve', maker, 'u-maker', undefined, 'SAME_PERSON'],
    ['submitted', 'return', checker, 'u-maker', '金额有误', 'draft'],
    ['submitted', 'return', checker, 'u-maker', ' ', 'REASON_REQUIRED'],
    ['approved', 'release', maker, 'u-maker', undefined, 'released'],
    ['released', 'reconcile', null, 'u-maker', undefined, 'reconciled'],
    ['released', 'cancel', checker, 'u-maker', '重复', 'WRONG_STATE'],
    ['approved', 'cancel', checker, 'u-maker', '重复', 'cancelled'],
    ['draft', 'approve', checker, null, undefined, 'WRONG_STATE'],
    ['computing', 'submit', maker, null, undefined, 'WRONG_STATE'],
    ['draft', 'submit', { userId: 'u-t', role: 'township_officer' as const }, null, undefined, 'ROLE_NOT_ALLOWED'],
    ['draft', 'submit', null, null, undefined, 'ROLE_NOT_ALLOWED'],
  ])('%s + %s → %s', (status, action, actor, preparedBy, reason, expected) => {
    const r = payrollTransition({
      status: status as PayrollRunStatus,
      action: action as PayrollAction,
      actor,
      preparedBy: preparedBy as string | null,
      reason: reason as string | undefined,
    });
    expect(r.ok ? r.to : r.code).toBe(expected);
  });
});
