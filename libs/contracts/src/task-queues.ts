export const CASE_TASK_QUEUE_DEFAULT = 'yiyang-cases';

/** Workflow id of a case: derived from the case id only, never from personal data. */
export function caseWorkflowId(caseId: string): string {
  return `case-${caseId}`;
}
