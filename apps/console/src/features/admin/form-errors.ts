import type { FormInstance } from 'antd';
import { ApiRequestError } from '../../api/client';
import { errorText, t } from '../../i18n/zh-CN';

/** Shows an API refusal on the fields it names (in Chinese) and returns the message for the form. */
export function showApiError(form: FormInstance, err: unknown, known: readonly string[]): string {
  const e = err instanceof ApiRequestError ? err : null;
  const fields = (e?.body.fields ?? [])
    .map((f) => ({
      name: f.field.split('[')[0].split('.')[0],
      errors: [t.errors.fieldCodes[e!.body.code] ?? `${t.errors.fieldInvalid}(${f.message})`],
    }))
    .filter((f) => known.includes(f.name));
  if (fields.length) form.setFields(fields);
  return errorText(e?.body.code, e?.status);
}
