import type { FormInstance } from 'antd';
import { ApiRequestError, type ApiErrorBody } from '../../api/client';
import { errorText, fieldErrorText } from '../../i18n/zh-CN';

/** An API refusal's field errors, as antd form fields: each on the top-level field it names, if the form has it. */
export function apiFieldErrors(
  body: Pick<ApiErrorBody, 'code' | 'fields'>,
  known: readonly string[],
): { name: string; errors: string[] }[] {
  return (body.fields ?? [])
    .map((f) => ({ name: f.field.split('[')[0].split('.')[0], errors: [fieldErrorText(body.code, f.message)] }))
    .filter((f) => known.includes(f.name));
}

/** Shows an API refusal on the fields it names (in Chinese) and returns the message for the form. */
export function showApiError(form: FormInstance, err: unknown, known: readonly string[]): string {
  const e = err instanceof ApiRequestError ? err : null;
  const fields = e ? apiFieldErrors(e.body, known) : [];
  if (fields.length) form.setFields(fields);
  return errorText(e?.body.code, e?.status);
}
