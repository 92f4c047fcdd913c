/** What the reconciliation job reports about a case stuck between PostgreSQL and Temporal. */
export const FINDING_KINDS = ['workflow_closed', 'workflow_missing', 'activity_retrying', 'task_not_awaited', 'task_not_open'] as const;
export type FindingKind = (typeof FINDING_KINDS)[number];

export const FINDING_KIND_LABELS: Record<FindingKind, string> = {
  workflow_closed: '流程已终止但案件仍在办理',
  workflow_missing: '案件缺少流程',
  activity_retrying: '后台步骤反复失败',
  task_not_awaited: '待办任务未被流程等待',
  task_not_open: '流程等待的任务在数据库中未打开',
};

/**
 * Memo a case workflow sets while a transition (the local activity `advanceCase`) keeps failing,
 * and removes once it succeeds. A local activity runs inside the workflow task, so it is never a
 * pending activity that DescribeWorkflowExecution lists; the memo is how the reconciliation sees
 * it (memos are encrypted like every payload, and are not searchable).
 */
export const TRANSITION_RETRYING_MEMO = 'transitionRetrying';
export interface TransitionRetryingMemo {
  activity: string;
  /** Failed attempts so far. */
  failures: number;
  lastFailure: string;
  since: string;
}
