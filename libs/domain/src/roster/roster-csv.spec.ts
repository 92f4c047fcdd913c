import { buildResidentId } from '../identity';
import { parseRosterCsv, rosterSpellKey } from './roster-csv';

const TODAY = '2026-11-22';
const A = buildResidentId('370124', '1950-03-15', 21);
const B = buildResidentId('370124', '1944-07-08', 32);
const OPTS = { today: TODAY, maxRows: 100 };

const parse = (text: string, opts = OPTS) => parseRosterCsv(text, opts);
const ok = (text: string) => {
  const r = parse(text);
  if (!r.ok) throw new Error(`expected a usable file, got ${r.error.field}: ${r.error.message}`);
  return r.value;
};

describe('parseRosterCsv: headers', () => {
  it.each([
    ['English', 'id_number,name,category,region_code,entered_on,left_on'],
    ['English, upper case and spaced', ' ID_NUMBER , Name,CATEGORY,region_code,Entered_On,LEFT_ON'],
    ['Chinese', '身份证号,姓名,类别,区划代码,纳入日期,退出日期'],
    ['Chinese with a BOM (Excel "CSV UTF-8")', '\uFEFF身份证号,姓名,类别,区划代码,纳入日期,退出日期'],
    ['mixed languages, other order', '姓名,category,身份证号,entered_on,区划代码,退出日期'],
    ['quoted header cells', '"身份证号","姓名","类别","区划代码","纳入日期","退出日期"'],
  ])('%s', (_label, header) => {
    const cols = header
      .replace('\uFEFF', '')
      .replace(/"/g, '')
      .split(',')
      .map((c) => c.trim().toLowerCase());
    const value: Record<string, string> = {
      id_number: A,
      身份证号: A,
      name: '测试老人甲',
      姓名: '测试老人甲',
      category: '低保',
      类别: '低保',
      region_code: '370124001001',
      区划代码: '370124001001',
      entered_on: '2020-01-01',
      纳入日期: '2020-01-01',
      left_on: '',
      退出日期: '',
    };
    const file = ok(`${header}\n${cols.map((c) => value[c]).join(',')}\n`);
    expect(file).toMatchObject({ rowsTotal: 1, errors: [], ignoredColumns: [] });
    expect(file.rows[0]).toMatchObject({ row: 2, idNumber: A, category: 'dibao', regionCode: '370124001001', enteredOn: '2020-01-01' });
  });

  it('left_on may be left out; extra columns are ignored and listed', () => {
    const file = ok(`序号,身份证号,姓名,类别,区划代码,纳入日期,备注\n1,${A},测试老人甲,特困,370124100,2021-05-01,"note, with comma"\n`);
    expect(file.ignoredColumns).toEqual(['序号', '备注']);
    expect(file.rows[0]).toMatchObject({ category: 'tekun', regionCode: '370124100', leftOn: null });
  });

  it.each([
    ['an empty file', '', 'body', '文件是空的'],
    ['only blank lines', '\n\r\n,,,\n', 'body', '文件是空的'],
    ['a header only', 'id_number,name,category,region_code,entered_on\n', 'body', '没有数据行'],
    ['a missing column', `id_number,name,region_code,entered_on\n${A},x,370124001,2020-01-01`, 'header', '缺少列:类别(category)'],
    ['two missing columns', `姓名,类别,区划代码\n`, 'header', '身份证号(id_number)、纳入日期(entered_on)'],
    [
      'a column given twice (两种语言)',
      `id_number,身份证号,name,category,region_code,entered_on\n`,
      'header',
      '重复的列:身份证号(id_number)',
    ],
    ['a data file without a header', `${A},测试老人甲,低保,370124001,2020-01-01\n`, 'header', '缺少列'],
    ['a broken header', `"id_number,name\n`, 'header', '未闭合'],
  ])('refuses %s as a whole (%s)', (_label, text, field, message) => {
    const r = parse(text);
    expect(r).toMatchObject({ ok: false, error: { field } });
    if (!r.ok) expect(r.error.message).toContain(message);
  });

  it('refuses more rows than allowed, counting only non-blank rows', () => {
    const row = `${A},测试老人甲,低保,370124001,2020-01-01`;
    const header = 'id_number,name,category,region_code,entered_on';
    expect(parse([header, row, '', row, row].join('\n'), { today: TODAY, maxRows: 3 }).ok).toBe(true);
    const r = parse([header, row, row, row, row].join('\n'), { today: TODAY, maxRows: 3 });
    expect(r).toMatchObject({ ok: false, error: { field: 'body' } });
    if (!r.ok) expect(r.error.message).toContain('最多导入 3 行');
  });
});

describe('parseRosterCsv: rows', () => {
  const header = 'id_number,name,category,region_code,entered_on,left_on';

  it('reports every bad row by line and field, keeps the good ones, skips blank lines', () => {
    const text = [
      header, // 1
      `${A},测试老人甲,低保,370124001001,2020-01-01,`, // 2 ok
      '', // 3 blank
      `${A.slice(0, 17)}${A[17] === '1' ? '2' : '1'},测试老人乙,低保,370124001001,2020-01-01,`, // 4 bad check char
      `${B},"测试老人丙",五保,370124001001,2020-01-01,`, // 5 bad category
      `${B},测试老人丙,dishouru,370124001001,2020-02-30,`, // 6 bad date
      `${B},测试老人丙,tekun,370124001001,2020-01-01,2019-01-01`, // 7 left before entered
      `${B},测试老人丙,tekun,370124,2020-01-01,`, // 8 county code
      `${B},测试老人丙,特困,370124100001,2022-01-01,,,`, // 9 ok (trailing empty cells)
      `${B},测试老人丙,特困,370124100001,2022-01-01,,extra`, // 10 a value beyond the header
      `${B},测试老人丙,TEKUN,370124100002,2022/1/1,`, // 11 duplicate key of row 9
      `${B},测试老人丙,低保,370124100001,2022-01-01,`, // 12 ok: same person and day, other category
    ].join('\r\n');
    const file = ok(text);
    expect(file.rowsTotal).toBe(10);
    expect(file.rows.map((r) => r.row)).toEqual([2, 9, 12]);
    expect(file.errors.map((e) => [e.row, e.field])).toEqual([
      [4, 'id_number'],
      [5, 'category'],
      [6, 'entered_on'],
      [7, 'left_on'],
      [8, 'region_code'],
      [10, 'row'],
      [11, 'row'],
    ]);
    expect(file.errors.find((e) => e.row === 11)).toMatchObject({ code: 'DUPLICATE_ROW', message: expect.stringContaining('第 9 行') });
    const failedRows = new Set(file.errors.map((e) => e.row)).size;
    expect(file.rows.length + failedRows).toBe(file.rowsTotal);
  });

  it('numbers rows by the line they start on when a quoted cell spans lines', () => {
    const file = ok([header, `${A},"测试\n老人",低保,370124001001,2020-01-01,`, `${B},测试老人丙,低保,370124001,2020-01-01,`].join('\n'));
    expect(file.errors).toEqual([{ row: 2, field: 'name', code: 'NAME_CONTROL_CHARACTERS', message: expect.stringContaining('单行') }]);
    expect(file.rows.map((r) => r.row)).toEqual([4]);
  });

  it('reports an unclosed quote on its row instead of losing it', () => {
    const file = ok([header, `${A},测试老人甲,低保,370124001001,2020-01-01,`, `${B},"测试老人丙,低保,370124001,2020-01-01,`].join('\n'));
    expect(file.rows.map((r) => r.row)).toEqual([2]);
    expect(file.errors.some((e) => e.row === 3 && e.field === 'row' && e.code === 'CSV_QUOTING')).toBe(true);
  });

  it('rosterSpellKey identifies a spell by person, category and entry date', () => {
    expect(rosterSpellKey({ idNumber: A, category: 'dibao', enteredOn: '2020-01-01' })).toBe(`${A}|dibao|2020-01-01`);
  });
});
