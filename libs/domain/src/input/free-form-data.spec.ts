import { decisionInputProblems, DEFAULT_STEP_DATA_BOUNDS, freeFormDataProblems, stepDataBounds, type DataBounds } from './free-form-data';

const SMALL: DataBounds = { maxBytes: 100, maxDepth: 3, maxEntries: 5, maxStringLength: 10 };

describe('freeFormDataProblems', () => {
  it.each<[string, unknown, string[]]>([
    ['absent', null, []],
    ['a small object', { a: 1, b: 'x' }, []],
    ['not an object', 'x', ['data: 应为对象']],
    ['an array', [1], ['data: 应为对象']],
    ['depth 3 is fine', { a: { b: { c: 1 } } }, []],
    ['depth 4 is too deep', { a: { b: { c: { d: 1 } } } }, ['data: 嵌套不能超过 3 层']],
    ['too many entries', { a: 1, b: 2, c: 3, d: 4, e: 5, f: 6 }, ['data: 字段和列表项合计不能超过 5 个']],
    ['entries counted across levels', { a: [1, 2, 3], b: 1, c: 2 }, ['data: 字段和列表项合计不能超过 5 个']],
    ['a long string', { a: 'x'.repeat(11) }, ['data.a: 不能超过 10 个字符']],
    ['NUL in a string', { a: 'x\u0000' }, ['data.a: 不能含控制字符(如 NUL)']],
    ['NUL in a key', { a: { 'k\u0000': 1 } }, ['data.a: 字段名不能含控制字符(如 NUL)']],
    ['prose with line breaks', { a: '一\n二' }, []],
    [
      'too many bytes',
      { a: '颐养颐养颐养颐养颐', b: '颐养颐养颐养颐养颐', c: '颐养颐养颐养颐养颐' },
      ['data: 内容过大:不能超过 100 字节(现为 103 字节)'],
    ],
  ])('%s', (_what, value, expected) => {
    expect(freeFormDataProblems(value, SMALL).map((p) => `${p.field}: ${p.message}`)).toEqual(expected);
  });

  it('refuses a very deep value without overflowing the stack', () => {
    let deep: unknown = {};
    for (let i = 0; i < 100_000; i++) deep = { d: deep };
    expect(freeFormDataProblems(deep, DEFAULT_STEP_DATA_BOUNDS)[0].message).toMatch(/嵌套不能超过/);
  });

  it('a ~950 kB decision (the size that terminated a workflow) is refused at every step', () => {
    const big = { findings: 'x'.repeat(3_999), more: Array.from({ length: 190 }, () => 'y'.repeat(3_999)) };
    for (const step of ['acceptance', 'review', 'assessment', 'decision'] as const) {
      expect(freeFormDataProblems(big, stepDataBounds(step))).not.toEqual([]);
    }
  });

  it('an assessment form fits the assessment bounds', () => {
    const items = Object.fromEntries(Array.from({ length: 26 }, (_, i) => [`item${i}`, 2]));
    const form = { items, coma: false, dementia: false, psychiatricDiagnosis: false, careRiskEvents30d: 0 };
    expect(freeFormDataProblems({ form }, stepDataBounds('assessment'))).toEqual([]);
  });
});

describe('decisionInputProblems', () => {
  it.each<[string, string | null, unknown, string[]]>([
    ['clean', '材料齐全\n予以受理', { documentNo: '平民〔2026〕1号' }, []],
    ['NUL in the comment', 'a\u0000', null, ['comment']],
    ['NUL in the data', null, { documentNo: '\u0000' }, ['data.documentNo']],
    ['data over the decision bound', null, { documentNo: 'x'.repeat(1_001) }, ['data.documentNo']],
  ])('%s', (_what, comment, data, fields) => {
    expect(decisionInputProblems('decision', comment, data).map((p) => p.field)).toEqual(fields);
  });
});
