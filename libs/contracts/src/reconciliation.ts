/** What the reconciliation job reports about a case stuck between PostgreSQL and Temporal. */
export const FINDING_KINDS = ['workflow_closed', 'workflow_missing', 'activity_retrying', 'task_not_awaited'] as const;
export type FindingKind = (typeof FINDING_KINDS)[number];

export const FINDING_KIND_LABELS: Record<FindingKind, string> = {
  workflow_closed: '流程已终止但案件仍在办理',
  workflow_missing: '案件缺少流程',
  activity_retrying: '后台步骤反复失败',
  task_not_awaited: '待办任务未被流程等待',
};
