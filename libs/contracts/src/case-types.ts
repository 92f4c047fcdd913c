export const CASE_TYPES = ['hardship-allowance', 'care-allowance', 'trial-stay', 'high-age-allowance'] as const;
export type CaseType = (typeof CASE_TYPES)[number];

export const CASE_TYPE_LABELS: Record<CaseType, string> = {
  'hardship-allowance': '经济困难老年人补贴',
  'care-allowance': '护理补贴',
  'trial-stay': '特困人员试住',
  'high-age-allowance': '高龄津贴',
};

/** Short prefix of the human-readable case number (e.g. HA-2026-000123). */
export const CASE_NUMBER_PREFIX: Record<CaseType, string> = {
  'hardship-allowance': 'HA',
  'care-allowance': 'CA',
  'trial-stay': 'TS',
  'high-age-allowance': 'HG',
};

/** What a case number starts with: its type's prefix and the year it was applied in (HA-2026-). */
export function caseNumberPrefix(caseType: CaseType, appliedOn: string): string {
  return `${CASE_NUMBER_PREFIX[caseType]}-${appliedOn.slice(0, 4)}-`;
}

/**
 * Whether intake writes the case's first task with the case (its workflow adopts it), so the
 * answer carries it. A trial stay first checks the roster, the home and earlier withdrawals in its
 * workflow, which may refuse it before any task exists, and shows those findings with the task.
 */
export const FIRST_TASK_AT_INTAKE: Record<CaseType, boolean> = {
  'hardship-allowance': true,
  'care-allowance': true,
  'trial-stay': false,
  'high-age-allowance': true,
};

export const CASE_STATUSES = [
  'in_progress',
  'waiting',
  'paused',
  'returned',
  'refusal_pending',
  'approved',
  'active',
  'rejected',
  'withdrawn',
  'closed',
  'needs_attention',
] as const;
export type CaseStatus = (typeof CASE_STATUSES)[number];

/** Statuses in which a case still counts as open: at most one open case per person and type. */
export const OPEN_CASE_STATUSES: readonly CaseStatus[] = [
  'in_progress',
  'waiting',
  'paused',
  'returned',
  'refusal_pending',
  'approved',
  'active',
  'needs_attention',
];

export const CASE_STATUS_LABELS: Record<CaseStatus, string> = {
  in_progress: '办理中',
  waiting: '等待中',
  paused: '暂停(异议处理中)',
  returned: '退回补正',
  /** Refused (e.g. a 公示 objection upheld); the written decision of refusal is still to be issued. */
  refusal_pending: '待出具不予批准决定',
  approved: '已批准',
  active: '享受中',
  rejected: '不予批准',
  withdrawn: '已撤回',
  closed: '已终止',
  needs_attention: '待人工处理',
};
