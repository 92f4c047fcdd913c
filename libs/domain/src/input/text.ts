import { FIELD_PROBLEMS_ZH } from '@app/contracts/field-messages';

/**
 * Characters no field may hold: NUL and the other C0 controls except tab, LF and CR, DEL, and the
 * C1 controls. PostgreSQL refuses NUL in text (the INSERT fails for good), and the others only hide
 * or garble what an officer reads.
 */
// eslint-disable-next-line no-control-regex
const FORBIDDEN = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/;
/** Tab and line breaks: fine in a comment or a reason, not in a name, a code or a number. */
const LINE_BREAKS = /[\t\n\r]/;

export interface InputProblem {
  field: string;
  message: string;
}

/** Fields that hold prose, where line breaks and tabs are legitimate. */
export const MULTILINE_FIELDS: ReadonlySet<string> = new Set(['comment', 'reason', 'summary', 'note', 'notes', 'findings', 'remark']);
/** Free-form objects (step findings, case details): their strings may hold prose. */
export const FREE_FORM_FIELDS: ReadonlySet<string> = new Set(['data', 'details']);

/** Why a string is refused (in Chinese, shown beside its field), or null when it is clean. */
export function textProblem(value: string, multiline: boolean): string | null {
  if (FORBIDDEN.test(value)) return FIELD_PROBLEMS_ZH.controlCharacters;
  if (!multiline && LINE_BREAKS.test(value)) return FIELD_PROBLEMS_ZH.lineBreaks;
  return null;
}

/**
 * Every string (and object key) in a parsed request part, checked without recursion so a deeply
 * nested value cannot overflow the stack; the first `limit` problems, each naming its field.
 */
export function controlCharacterProblems(value: unknown, root = '', limit = 10): InputProblem[] {
  const problems: InputProblem[] = [];
  const stack: { v: unknown; path: string; multiline: boolean }[] = [{ v: value, path: root, multiline: false }];
  while (stack.length > 0 && problems.length < limit) {
    const { v, path, multiline } = stack.pop()!;
    if (typeof v === 'string') {
      const p = textProblem(v, multiline);
      if (p) problems.push({ field: path || 'body', message: p });
    } else if (Array.isArray(v)) {
      v.forEach((item, i) => stack.push({ v: item, path: `${path}[${i}]`, multiline }));
    } else if (v !== null && typeof v === 'object') {
      for (const [key, item] of Object.entries(v)) {
        const field = path ? `${path}.${key}` : key;
        const keyProblem = textProblem(key, false);
        if (keyProblem) {
          problems.push({ field: path || 'body', message: `字段名${keyProblem}` });
          continue;
        }
        stack.push({ v: item, path: field, multiline: multiline || MULTILINE_FIELDS.has(key) || FREE_FORM_FIELDS.has(key) });
      }
    }
  }
  return problems;
}
