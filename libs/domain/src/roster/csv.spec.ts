import { type CsvRecord, isBlankRecord, parseCsv } from './csv';

const lines = (records: CsvRecord[]) => records.map((r) => [r.line, r.fields, r.error ?? null]);

describe('parseCsv', () => {
  it.each<[string, string, (string | number | string[] | null)[][]]>([
    ['empty input', '', []],
    ['one field', 'a', [[1, ['a'], null]]],
    [
      'LF, final line end',
      'a,b\nc,d\n',
      [
        [1, ['a', 'b'], null],
        [2, ['c', 'd'], null],
      ],
    ],
    [
      'CRLF, no final line end',
      'a,b\r\nc,d',
      [
        [1, ['a', 'b'], null],
        [2, ['c', 'd'], null],
      ],
    ],
    [
      'old Mac CR',
      'a,b\rc,d\r',
      [
        [1, ['a', 'b'], null],
        [2, ['c', 'd'], null],
      ],
    ],
    [
      'UTF-8 BOM stripped from the first field',
      '\uFEFF身份证号,姓名\n1,2',
      [
        [1, ['身份证号', '姓名'], null],
        [2, ['1', '2'], null],
      ],
    ],
    ['empty fields kept', 'a,,c,', [[1, ['a', '', 'c', ''], null]]],
    ['quoted comma', '"a,b",c', [[1, ['a,b', 'c'], null]]],
    ['doubled quote inside quotes', '"say ""hi""",x', [[1, ['say "hi"', 'x'], null]]],
    ['quoted empty field', '"",x', [[1, ['', 'x'], null]]],
    [
      'line break inside quotes: next record starts two lines on',
      '"a\r\nb",c\nd',
      [
        [1, ['a\nb', 'c'], null],
        [3, ['d'], null],
      ],
    ],
    ['spaces around a quoted field', '  "a" ,b', [[1, ['a', 'b'], null]]],
    ['quote inside an unquoted field is text', 'ab"c,d', [[1, ['ab"c', 'd'], null]]],
    [
      'blank lines count toward line numbers',
      'h\n\n\nx',
      [
        [1, ['h'], null],
        [2, [''], null],
        [3, [''], null],
        [4, ['x'], null],
      ],
    ],
    ['Chinese text untouched', '张三,低保', [[1, ['张三', '低保'], null]]],
  ])('%s', (_label, input, expected) => {
    expect(lines(parseCsv(input))).toEqual(expected);
  });

  it.each([
    ['text after a closing quote', 'h\n"a"b,c', 2, '右引号后还有文字'],
    ['a quote never closed', 'h\nx,"abc\nmore,lines', 2, '未闭合'],
  ])('reports %s on its own record', (_label, input, line, message) => {
    const records = parseCsv(input);
    expect(records[0].error).toBeUndefined();
    const bad = records.find((r) => r.error);
    expect(bad?.line).toBe(line);
    expect(bad?.error).toContain(message);
  });
});

describe('isBlankRecord', () => {
  it.each([
    ['', true],
    ['   ', true],
    [',,,', true],
    [' , ,', true],
    ['"",""', true],
    ['a', false],
    [',,x', false],
  ])('%p → %p', (input, blank) => {
    expect(isBlankRecord(parseCsv(input)[0] ?? { line: 1, fields: [''] })).toBe(blank);
  });
});
