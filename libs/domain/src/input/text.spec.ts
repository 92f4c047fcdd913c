import { FIELD_PROBLEMS_ZH } from '@app/contracts/field-messages';
import { controlCharacterProblems, textProblem } from './text';

describe('textProblem', () => {
  it.each([
    ['plain Chinese', '材料齐全,予以受理', false, null],
    ['emoji', '😀', false, null],
    ['NUL', 'a\u0000b', true, FIELD_PROBLEMS_ZH.controlCharacters],
    ['bell', 'a\u0007', true, FIELD_PROBLEMS_ZH.controlCharacters],
    ['escape', '\u001b[31m', true, FIELD_PROBLEMS_ZH.controlCharacters],
    ['DEL', 'x\u007f', true, FIELD_PROBLEMS_ZH.controlCharacters],
    ['C1 NEL', 'x\u0085', true, FIELD_PROBLEMS_ZH.controlCharacters],
    ['CRLF in prose', '第一行\r\n第二行\t完', true, null],
    ['newline in a name', '张\n三', false, FIELD_PROBLEMS_ZH.lineBreaks],
    ['tab in a code', '370124\t', false, FIELD_PROBLEMS_ZH.lineBreaks],
  ])('%s', (_what, value, multiline, expected) => {
    expect(textProblem(value, multiline)).toBe(expected);
  });
});

describe('controlCharacterProblems', () => {
  it.each([
    ['clean body', { username: 'admin', password: 'Demo#2026' }, []],
    ['NUL in a nested field', { applicant: { name: '张\u0000三' } }, ['applicant.name']],
    ['line break in a reason is fine', { reason: '第一行\n第二行' }, []],
    ['line break in a name is not', { applicant: { name: '张\n三' } }, ['applicant.name']],
    ['prose inside data', { data: { homeVisit: { findings: '属实\r\n无异常' } } }, []],
    ['NUL inside data', { data: { homeVisit: { findings: '\u0000' } } }, ['data.homeVisit.findings']],
    ['a key with NUL', { 'a\u0000': 1 }, ['body']],
    ['array items', { list: ['ok', 'b\u0001'] }, ['list[1]']],
    ['a bare string', 'x\u0000', ['body']],
  ])('%s', (_what, value, fields) => {
    expect(controlCharacterProblems(value).map((p) => p.field)).toEqual(fields);
  });

  it('walks a value nested 100,000 levels deep without recursion', () => {
    let deep: unknown = 'x\u0000';
    for (let i = 0; i < 100_000; i++) deep = [deep];
    expect(controlCharacterProblems(deep)).toHaveLength(1);
  });
});
