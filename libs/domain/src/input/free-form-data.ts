import { FIELD_PROBLEMS_ZH, fieldRuleMessage } from '@app/contracts/field-messages';
import type { StepCode } from '../policy/steps';
import { textProblem, type InputProblem } from './text';

/**
 * How much free-form data (step findings, case details) one request may carry. Every decision's
 * data goes into the case's Temporal history, which Temporal terminates at 50 MB: these keep a
 * case of hundreds of decisions far below that.
 */
export interface DataBounds {
  /** Size of the JSON text in UTF-8 bytes. */
  maxBytes: number;
  /** Nesting of objects and arrays (the top-level object is depth 1). */
  maxDepth: number;
  /** Object keys and array items in all. */
  maxEntries: number;
  /** Characters in any one string. */
  maxStringLength: number;
}

export const DEFAULT_STEP_DATA_BOUNDS: DataBounds = { maxBytes: 16_384, maxDepth: 5, maxEntries: 200, maxStringLength: 4_000 };

/** Steps whose findings are larger or smaller than the default. */
export const STEP_DATA_BOUNDS: Partial<Record<StepCode, DataBounds>> = {
  // 26 assessment items with their scores, flags and an assessor's remarks.
  assessment: { maxBytes: 32_768, maxDepth: 4, maxEntries: 200, maxStringLength: 4_000 },
  reassessment: { maxBytes: 32_768, maxDepth: 4, maxEntries: 200, maxStringLength: 4_000 },
  // A document number.
  decision: { maxBytes: 4_096, maxDepth: 3, maxEntries: 20, maxStringLength: 1_000 },
};

/** Details given at intake (e.g. the care home asked for). */
export const CASE_DETAILS_BOUNDS: DataBounds = { maxBytes: 8_192, maxDepth: 4, maxEntries: 50, maxStringLength: 2_000 };

export function stepDataBounds(step: StepCode): DataBounds {
  return STEP_DATA_BOUNDS[step] ?? DEFAULT_STEP_DATA_BOUNDS;
}

function utf8Length(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) n += 1;
    else if (c < 0x800) n += 2;
    else if (c >= 0xd800 && c <= 0xdbff) {
      n += 4;
      i++;
    } else n += 3;
  }
  return n;
}

/**
 * Problems with a free-form object: too deep, too many entries, a string too long, a control
 * character, too large. Walks without recursion, and measures the size only once the shape is
 * known to be bounded, so no input can exhaust the stack. Pure: the API and the workflow's update
 * validator use the same function.
 */
export function freeFormDataProblems(value: unknown, bounds: DataBounds, field = 'data'): InputProblem[] {
  if (value === null || value === undefined) return [];
  if (typeof value !== 'object' || Array.isArray(value)) return [{ field, message: FIELD_PROBLEMS_ZH.notAnObject }];
  const stack: { v: unknown; path: string; depth: number }[] = [{ v: value, path: field, depth: 1 }];
  let entries = 0;
  while (stack.length > 0) {
    const { v, path, depth } = stack.pop()!;
    if (typeof v === 'string') {
      if (v.length > bounds.maxStringLength) return [{ field: path, message: fieldRuleMessage('maxLength', [bounds.maxStringLength]) }];
      const p = textProblem(v, true);
      if (p) return [{ field: path, message: p }];
      continue;
    }
    if (v === null || typeof v !== 'object') continue;
    if (depth > bounds.maxDepth) return [{ field, message: `嵌套不能超过 ${bounds.maxDepth} 层` }];
    const children: [string, unknown][] = Array.isArray(v) ? v.map((item, i) => [`[${i}]`, item]) : Object.entries(v);
    entries += children.length;
    if (entries > bounds.maxEntries) return [{ field, message: `字段和列表项合计不能超过 ${bounds.maxEntries} 个` }];
    for (const [key, item] of children) {
      if (!Array.isArray(v)) {
        const p = textProblem(key, false);
        if (p) return [{ field: path, message: `字段名${p}` }];
      }
      stack.push({ v: item, path: Array.isArray(v) ? `${path}${key}` : `${path}.${key}`, depth: depth + 1 });
    }
  }
  const bytes = utf8Length(JSON.stringify(value));
  if (bytes > bounds.maxBytes) return [{ field, message: `内容过大:不能超过 ${bounds.maxBytes} 字节(现为 ${bytes} 字节)` }];
  return [];
}

/** A decision's free text and findings, as both the API and the workflow's update validator check them. */
export function decisionInputProblems(step: StepCode, comment: string | null | undefined, data: unknown): InputProblem[] {
  const problems: InputProblem[] = [];
  const commentProblem = typeof comment === 'string' ? textProblem(comment, true) : null;
  if (commentProblem) problems.push({ field: 'comment', message: commentProblem });
  return [...problems, ...freeFormDataProblems(data, stepDataBounds(step))];
}
