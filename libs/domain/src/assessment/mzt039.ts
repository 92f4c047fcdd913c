/**
 * MZ/T 039-2013 《老年人能力评估》: the assessor grades the four first-level indicators on the
 * standard's form (4.3.3) — 日常生活活动, 精神状态, 感知觉与沟通, 社会参与, each 0–3 — and the
 * ability level follows from the judgment card (4.3.4, §5.2). Levels: 0 能力完好, 1 轻度失能,
 * 2 中度失能, 3 重度失能.
 */
export interface Mzt039Grades {
  adl: number;
  mental: number;
  perception: number;
  social: number;
}

export type Mzt039Result =
  { ok: true; level: 0 | 1 | 2 | 3; levelNameZh: string; rule: string } | { ok: false; errors: { field: string; message: string }[] };

const NAMES = ['能力完好', '轻度失能', '中度失能', '重度失能'] as const;
const FIELDS: readonly (keyof Mzt039Grades)[] = ['adl', 'mental', 'perception', 'social'];
const FIELD_NAMES: Record<keyof Mzt039Grades, string> = {
  adl: '日常生活活动',
  mental: '精神状态',
  perception: '感知觉与沟通',
  social: '社会参与',
};

/**
 * §5.2, as the judgment card applies it. Where the clauses leave a combination unnamed (ADL 2 with
 * the other three all 0; ADL 0 with social participation 3), the reading taken is the level the
 * neighbouring clauses give: ADL 2 alone is 中度失能, and a social-participation grade of 3 counts
 * as "2 or worse" (轻度失能 with ADL 0).
 */
export function mzt039Level(input: Partial<Record<keyof Mzt039Grades, unknown>>): Mzt039Result {
  const errors = FIELDS.filter((f) => !Number.isInteger(input[f]) || (input[f] as number) < 0 || (input[f] as number) > 3).map((f) => ({
    field: f,
    message: `${FIELD_NAMES[f]}(${f})应为 0 至 3 级的整数`,
  }));
  if (errors.length > 0) return { ok: false, errors };
  const { adl, mental, perception, social } = input as Mzt039Grades;
  const others = [mental, perception, social];
  const result = (level: 0 | 1 | 2 | 3, rule: string): Mzt039Result => ({ ok: true, level, levelNameZh: NAMES[level], rule });
  if (adl === 3) return result(3, '日常生活活动分级为3');
  if (adl === 2 && others.some((g) => g === 3)) return result(3, '日常生活活动分级为2,且其他指标中至少一项为3');
  if (adl === 2 && others.every((g) => g === 2)) return result(3, '四项一级指标分级均为2');
  if (adl === 2) return result(2, '日常生活活动分级为2');
  if (adl === 1 && (others.every((g) => g === 2) || others.some((g) => g === 3)))
    return result(2, '日常生活活动分级为1,其他指标均为2或有一项为3');
  if (adl === 1) return result(1, '日常生活活动分级为1');
  if (mental === 0 && perception === 0 && social <= 1) return result(0, '各项分级均为0(社会参与为0或1)');
  return result(1, '日常生活活动分级为0,但精神状态、感知觉与沟通至少一项为1及以上,或社会参与为2及以上');
}
