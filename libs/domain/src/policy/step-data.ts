import { FIELD_PATTERNS_ZH, FIELD_PROBLEMS_ZH } from '@app/contracts/field-messages';
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
  if (!v || typeof v !== 'object')
    return [{ field: 'data.homeVisit', message: '审核通过须填写入户调查情况(调查日期、调查人数、调查结论)' }];
  const problems: StepDataProblem[] = [];
  if (!isBusinessDate(v.visitedOn)) problems.push({ field: 'data.homeVisit.visitedOn', message: FIELD_PATTERNS_ZH.date });
  else if (today && v.visitedOn > today) problems.push({ field: 'data.homeVisit.visitedOn', message: FIELD_PROBLEMS_ZH.inTheFuture });
  if (typeof v.staffCount !== 'number' || !Number.isInteger(v.staffCount) || v.staffCount < 2) {
    problems.push({ field: 'data.homeVisit.staffCount', message: '入户调查应至少有 2 名工作人员' });
  }
  if (typeof v.findings !== 'string' || v.findings.trim().length === 0 || v.findings.length > 4000) {
    problems.push({ field: 'data.homeVisit.findings', message: '请填写调查结论(1 至 4000 个字)' });
  }
  return problems;
}

/** A written decision (书面决定) names its document number. */
export function decisionDocumentProblems(data: Record<string, unknown> | null): StepDataProblem[] {
  const no = data?.documentNo;
  return typeof no === 'string' && no.trim().length > 0 && no.length <= 100
    ? []
    : [{ field: 'data.documentNo', message: '请填写书面决定的文号(不超过 100 个字)' }];
}
