import { bankSheet, fenToYuanText, matchReturnRows, parseReturnRows, yuanTextToFen } from './bank-file';
import { maskAccount } from './bank-account';
import { DEFAULT_BANK_FILE_COLUMNS, DEFAULT_BANK_RETURN_COLUMNS } from './payroll-settings';

describe('amounts in bank files', () => {
  it.each([
    [8000, '80.00'],
    [5, '0.05'],
    [-2000, '-20.00'],
    [123456, '1234.56'],
  ])('%i fen → %s', (fen, text) => {
    expect(fenToYuanText(fen)).toBe(text);
    expect(yuanTextToFen(text)).toBe(fen);
  });
  it.each([
    ['80', 8000],
    ['80.5', 8050],
    ['abc', null],
    ['1.234', null],
    ['', null],
  ])('%s → %s', (text, fen) => {
    expect(yuanTextToFen(text)).toBe(fen);
  });
});

describe('maskAccount', () => {
  it.each([
    ['6217001234567890123', '6217***********0123'],
    ['1234567', '*****67'],
  ])('%s → %s', (a, m) => expect(maskAccount(a)).toBe(m));
});

describe('bankSheet', () => {
  it('writes a totals row, the configured header and one text row per payment', () => {
    const sheet = bankSheet(
      [
        {
          reference: 'R1',
          name: '张三',
          idNumber: '11010519491231002X',
          account: '6217001234567890123',
          bankName: '农商银行',
          amountFen: 8000,
          item: '经济困难老年人补贴',
          period: '2026-05',
        },
        {
          reference: 'R2',
          name: '李四',
          idNumber: '440524188001010014',
          account: '6217009999999999999',
          bankName: '农商银行',
          amountFen: 16050,
          item: '护理补贴',
          period: '2026-05',
        },
      ],
      DEFAULT_BANK_FILE_COLUMNS,
      { batch: 'B1', township: '榆山街道', month: '2026-05' },
    );
    expect(sheet.totals).toEqual(['批次号', 'B1', '单位', '榆山街道', '所属期', '2026-05', '笔数', '2', '总金额(元)', '240.50']);
    expect(sheet.header).toEqual([
      '序号',
      '姓名',
      '身份证号',
      '一卡通/社保卡账号',
      '开户行',
      '金额(元)',
      '补贴项目',
      '所属期',
      '业务流水号',
    ]);
    expect(sheet.rows[1]).toEqual([
      '2',
      '李四',
      '440524188001010014',
      '6217009999999999999',
      '农商银行',
      '160.50',
      '护理补贴',
      '2026-05',
      'R2',
    ]);
  });
});

describe('return matching', () => {
  const header = ['业务流水号', '账号', '户名', '金额', '处理结果', '失败原因'];
  const expected = [
    { reference: 'R1', account: '6217001234567890123', amountFen: 8000, settled: false },
    { reference: 'R2', account: '6217009999999999999', amountFen: 6000, settled: false },
    { reference: 'R3', account: '6217008888888888888', amountFen: 6000, settled: false },
    { reference: 'R4', account: '6217007777777777777', amountFen: 6000, settled: true },
    { reference: 'R5', account: '6217006666666666666', amountFen: 6000, settled: false },
  ];
  it('matches good rows, and reports unknown, duplicate, mismatched, settled and unreadable rows one by one', () => {
    const cells = [
      ['批次号', 'B1'],
      header,
      ['R1', '6217001234567890123', '张三', '80.00', '成功', ''],
      ['R2', '6217009999999999999', '李四', '60.00', '失败', '账户已销户'],
      ['R3', '6217008888888888888', '王五', '61.00', '成功', ''],
      ['R5', '6217006666666666666', '赵六', '60.00', '成功', ''],
      ['R5', '6217006666666666666', '赵六', '60.00', '成功', ''],
      ['R4', '6217007777777777777', '孙七', '60.00', '成功', ''],
      ['R9', '6217000000000000000', '周八', '60.00', '成功', ''],
      ['R2x', '', '', '六十', '成功', ''],
      ['', '', '', '', '', ''],
    ];
    const parsed = parseReturnRows(cells, DEFAULT_BANK_RETURN_COLUMNS, ['成功']);
    const m = matchReturnRows(parsed.rows, parsed.problems, expected);
    expect(m.map((x) => `${x.rowNumber}:${x.outcome}`)).toEqual([
      '3:paid',
      '4:failed',
      '5:mismatched',
      '6:duplicate',
      '7:duplicate',
      '8:already-settled',
      '9:unknown',
      '10:unreadable',
    ]);
    expect(m[1]).toMatchObject({ reference: 'R2', reason: '账户已销户' });
  });
  it('reports a file without the configured header', () => {
    expect(parseReturnRows([['a', 'b']], DEFAULT_BANK_RETURN_COLUMNS, ['成功']).problems[0].message).toMatch(/找不到表头/);
  });
});
