import type { Dayjs } from 'dayjs';
import type { StepCode } from '@app/domain/policy/steps';
import type { ApiErrorBody } from '../../api/client';
import { fieldErrorText } from '../../i18n/zh-CN';
import type { CompleteBody } from './use-case';

/** What a step's form holds (antd Form values). */
export interface ActionValues {
  outcome: string;
  comment?: string;
  visitedOn?: Dayjs;
  staffCount?: number;
  findings?: string;
  documentNo?: string;
}

/** 'data.homeVisit.staffCount' → the form field that shows it. */
export const FIELD_OF_API: Record<string, keyof ActionValues> = {
  comment: 'comment',
  outcome: 'outcome',
  'data.homeVisit': 'findings',
  'data.homeVisit.visitedOn': 'visitedOn',
  'data.homeVisit.staffCount': 'staffCount',
  'data.homeVisit.findings': 'findings',
  'data.documentNo': 'documentNo',
};

/** An API refusal's field errors on the step form's fields (in Chinese); fields the form does not show are left out. */
export function taskFieldErrors(body: Pick<ApiErrorBody, 'code' | 'fields'>): { name: keyof ActionValues; errors: string[] }[] {
  return (body.fields ?? []).flatMap((f) => {
    const name = FIELD_OF_API[f.field];
    return name ? [{ name, errors: [fieldErrorText(body.code, f.message)] }] : [];
  });
}

/** Steps whose decisions cannot be taken back: confirmed before they are sent. */
export const IRREVERSIBLE = new Set(['approve', 'reject', 'upheld', 'issued', 'stay', 'leave', 'abandoned', 'fail']);

/** The body of POST /tasks/:id/complete for the values of the step's form. */
export function completeBody(step: StepCode, v: ActionValues): CompleteBody {
  const body: CompleteBody = { step, outcome: v.outcome };
  if (v.comment && v.comment.trim()) body.comment = v.comment.trim();
  if (step === 'review' && v.outcome === 'pass') {
    body.data = { homeVisit: { visitedOn: v.visitedOn?.format('YYYY-MM-DD'), staffCount: v.staffCount, findings: v.findings?.trim() } };
  }
  if (step === 'decision') body.data = { documentNo: v.documentNo?.trim() };
  return body;
}
