import type { Role } from '@app/contracts/roles';

/** A payroll run's life: computed as a draft, reviewed by someone other than its preparer, released to the bank, reconciled with the bank's returns. */
export type PayrollRunStatus = 'computing' | 'draft' | 'submitted' | 'approved' | 'released' | 'reconciled' | 'cancelled';
export type PayrollAction = 'submit' | 'return' | 'approve' | 'release' | 'reconcile' | 'cancel';

export const PAYROLL_RUN_STATUS_LABELS: Record<PayrollRunStatus, string> = {
  computing: '计算中',
  draft: '草稿',
  submitted: '已提交审核',
  approved: '已审核',
  released: '已发放',
  reconciled: '已对账',
  cancelled: '已作废',
};

const FROM: Record<PayrollAction, readonly PayrollRunStatus[]> = {
  submit: ['draft'],
  return: ['submitted'],
  approve: ['submitted'],
  release: ['approved'],
  reconcile: ['released'],
  cancel: ['draft', 'submitted', 'approved'],
};

const TO: Record<PayrollAction, PayrollRunStatus> = {
  submit: 'submitted',
  return: 'draft',
  approve: 'approved',
  release: 'released',
  reconcile: 'reconciled',
  cancel: 'cancelled',
};

/** Who may act on a county's payroll: its civil-affairs bureau (and the system, for reconciliation). */
export const PAYROLL_ACTION_ROLES: readonly Role[] = ['county_officer'];

export type PayrollTransitionResult =
  | { readonly ok: true; readonly to: PayrollRunStatus }
  | { readonly ok: false; readonly code: 'WRONG_STATE' | 'ROLE_NOT_ALLOWED' | 'SAME_PERSON' | 'REASON_REQUIRED'; readonly message: string };

/**
 * Maker–checker: the one who submits a run is its preparer; approving needs a different person.
 * Returning and cancelling need a reason. The API and the workflow's update validators both ask this.
 */
export function payrollTransition(input: {
  status: PayrollRunStatus;
  action: PayrollAction;
  actor: { userId: string; role: Role } | null;
  preparedBy: string | null;
  reason?: string | null;
}): PayrollTransitionResult {
  const { status, action, actor } = input;
  if (!FROM[action].includes(status)) {
    return { ok: false, code: 'WRONG_STATE', message: `工资发放批次处于「${PAYROLL_RUN_STATUS_LABELS[status]}」状态,不能执行${action}` };
  }
  if (actor === null) {
    if (action !== 'reconcile') return { ok: false, code: 'ROLE_NOT_ALLOWED', message: '该操作需要经办人' };
  } else if (!PAYROLL_ACTION_ROLES.includes(actor.role)) {
    return { ok: false, code: 'ROLE_NOT_ALLOWED', message: '只有县(区)民政局审批人可以办理发放批次' };
  }
  if (action === 'approve' && actor !== null && input.preparedBy === actor.userId) {
    return { ok: false, code: 'SAME_PERSON', message: '审核人不能是提交该批次的经办人' };
  }
  if ((action === 'return' || action === 'cancel') && !input.reason?.trim()) {
    return { ok: false, code: 'REASON_REQUIRED', message: '退回或作废需要说明理由' };
  }
  return { ok: true, to: TO[action] };
}
