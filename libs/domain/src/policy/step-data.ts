import { isBusinessDate } from '../dates';

export interface StepDataProblem {
  field: string;
  message: string;
}

/**
 * Township review (审核) is done by a home visit of at least two staff, with recorded findings.
 * `data.homeVisit = { visitedOn: 'YYYY-MM-DD', staffCount: 2, findings: '…' }`.
 */
export function homeVisitProblems(data: Record<string, unknown> | null, today?: string): StepDataProblem[] {
  const v = (data?.homeVisit ?? null) as { visitedOn?: unknown; staffCount?: unknown; findings?: unknown } | null;
  if (!v || typeof v !== 'object') return [{ field: 'data.homeVisit', message: 'is required: { visitedOn, staffCount, findings }' }];
  const problems: StepDataProblem[] = [];
  if (!isBusinessDate(v.visitedOn)) problems.push({ field: 'data.homeVisit.visitedOn', message: 'must be a date YYYY-MM-DD' });
  else if (today && v.visitedOn > today) problems.push({ field: 'data.homeVisit.visitedOn', message: 'cannot be in the future' });
  if (typeof v.staffCount !== 'number' || !Number.isInteger(v.staffCount) || v.staffCount < 2) {
    problems.push({ field: 'data.homeVisit.staffCount', message: 'a home visit needs at least 2 staff' });
  }
  if (typeof v.findings !== 'string' || v.findings.trim().length === 0 || v.findings.length > 4000) {
    problems.push({ field: 'data.homeVisit.findings', message: 'record the findings (1–4000 characters)' });
  }
  return problems;
}

/** A written decision (书面决定) names its document number. */
export function decisionDocumentProblems(data: Record<string, unknown> | null): StepDataProblem[] {
  const no = data?.documentNo;
  return typeof no === 'string' && no.trim().length > 0 && no.length <= 100
    ? []
    : [{ field: 'data.documentNo', message: "the written decision's document number is required" }];
}
