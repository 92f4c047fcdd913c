import { parseResidentId } from '@app/domain/identity';
import type { components } from '../../api/schema';
import { fieldErrorText, t } from '../../i18n/zh-CN';

export type CreateCaseBody = components['schemas']['CreateCaseDto'];
export type CaseTypeCode = CreateCaseBody['caseType'];

/** What the intake form holds (antd Form values). */
export interface IntakeValues {
  caseType: CaseTypeCode;
  regionCode: string;
  idNumber: string;
  name: string;
  birthDate?: string;
  phone?: string;
  address?: string;
  appliedOn?: string;
  careHomeId?: string;
  priorityCategory?: string;
}

/** The form's field for an API field path ('applicant.idNumber' → 'idNumber'). */
const FIELD_OF_API: Record<string, keyof IntakeValues> = {
  caseType: 'caseType',
  regionCode: 'regionCode',
  appliedOn: 'appliedOn',
  'applicant.idNumber': 'idNumber',
  'applicant.name': 'name',
  'applicant.birthDate': 'birthDate',
  'applicant.phone': 'phone',
  'applicant.address': 'address',
  'details.careHomeId': 'careHomeId',
  'details.priorityCategory': 'priorityCategory',
};

const trimmed = (v: string | undefined) => (v && v.trim() ? v.trim() : undefined);

/** Form values → the API's CreateCaseDto: empty optional fields are left out, the ID number upper-cased. */
export function toCreateCaseBody(v: IntakeValues): CreateCaseBody {
  const applicant: CreateCaseBody['applicant'] = { idNumber: v.idNumber.trim().toUpperCase(), name: v.name.trim() };
  const birthDate = trimmed(v.birthDate);
  const phone = trimmed(v.phone);
  const address = trimmed(v.address);
  if (birthDate) applicant.birthDate = birthDate;
  if (phone) applicant.phone = phone;
  if (address) applicant.address = address;
  const body: CreateCaseBody = { caseType: v.caseType, regionCode: v.regionCode, applicant };
  const appliedOn = trimmed(v.appliedOn);
  if (appliedOn) body.appliedOn = appliedOn;
  if (v.caseType === 'trial-stay') body.details = { careHomeId: v.careHomeId, priorityCategory: v.priorityCategory };
  return body;
}

/**
 * Inline check of the ID number with the server's own rule (GB 11643 check character, birth date).
 * Returns the rule's own Chinese message (the one the API answers with), or null when valid.
 */
export function idNumberProblem(raw: string, today: string): string | null {
  const r = parseResidentId(raw, today);
  return r.ok ? null : r.message;
}

/** The birth date an ID number carries (to fill the birth-date field), or null. */
export function birthDateOf(raw: string): string | null {
  const r = parseResidentId(raw);
  return r.ok ? r.value.birthDate : null;
}

export interface FieldProblem {
  name: keyof IntakeValues;
  errors: string[];
}

/**
 * An API refusal → errors on the form's fields, in Chinese. A 409 for a case already open has no
 * field in the body; it belongs on the ID number (the applicant), where the officer can act on it.
 */
export function intakeFieldErrors(err: { code: string; fields?: { field: string; message: string }[] }): FieldProblem[] {
  if (err.code === 'CASE_ALREADY_OPEN') return [{ name: 'idNumber', errors: [t.errors.fieldCodes.CASE_ALREADY_OPEN] }];
  const out: FieldProblem[] = [];
  for (const f of err.fields ?? []) {
    const name = FIELD_OF_API[f.field];
    if (!name) continue;
    const text = fieldErrorText(err.code, f.message);
    const existing = out.find((o) => o.name === name);
    if (existing) existing.errors.push(text);
    else out.push({ name, errors: [text] });
  }
  return out;
}
