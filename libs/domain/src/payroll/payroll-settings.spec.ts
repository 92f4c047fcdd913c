import {
  bankMapping,
  catchupWindowHours,
  DEFAULT_PAYROLL_SETTINGS,
  payrollSettings,
  uuidLanes,
  validatePayrollSettings,
} from './payroll-settings';

describe('payroll settings', () => {
  it.each([
    [{}, []],
    [{ schedule: { dayOfMonth: 29, hour: 9, minute: 0, timezone: 'Asia/Shanghai' } }, ['schedule.dayOfMonth: 应为每月 1 至 28 日']],
    [{ lookbackMonths: -1 }, ['lookbackMonths: 应为 0 至 60 个月']],
    [{ firstPayrollMonth: '2026-13' }, ['firstPayrollMonth: 应为月份,格式 YYYY-MM']],
    [{ lanes: 0 }, ['lanes: 应为 1 至 16']],
    [
      { schedule: { dayOfMonth: 0, hour: 24, minute: 0, timezone: 'Asia/Shanghai' } },
      ['schedule.dayOfMonth: 应为每月 1 至 28 日', 'schedule.hour: 应为 0 至 23 时'],
    ],
    [{ schedule: { dayOfMonth: 28, hour: 23, minute: 0, timezone: 'Asia/Shanghai' } }, []],
    [
      { bankFile: { columns: [{ header: '姓名', field: 'name' }], csvEncodings: ['gbk'] } },
      ['bankFile.columns: 缺少字段 reference', 'bankFile.columns: 缺少字段 account', 'bankFile.columns: 缺少字段 amountYuan'],
    ],
    [
      {
        bankFile: {
          columns: [
            { header: '流水号', field: 'reference' },
            { header: '账号', field: 'account' },
            { header: '金额', field: 'amountYuan' },
            { header: '金额', field: 'amountYuan' },
            { header: '备注', field: 'memo' },
          ],
          csvEncodings: ['gbk', 'big5'],
        },
      },
      [
        'bankFile.columns: 有无法识别的字段 memo(可用字段:seq、name、idNumber、account、bankName、amountYuan、item、period、reference)',
        'bankFile.columns: 表头不能重复',
        'bankFile.columns: 每个字段只能出现一次',
        'bankFile.csvEncodings: 只能是以下之一:utf-8、gbk',
      ],
    ],
    [{ bankFile: { columns: [], csvEncodings: [] } }, ['bankFile.columns: 不能为空']],
    [
      { bankReturn: { columns: [{ header: ' ', field: 'reference' }], successValues: [] } },
      [
        'bankReturn.columns: 每个表头应为 1 至 40 个字符',
        'bankReturn.columns: 缺少字段 result',
        'bankReturn.successValues: 至少列出一个非空的成功值',
      ],
    ],
    [{ recovery: 'forgive' }, ['recovery: 只能是以下之一:offset、receivable']],
    [{ banks: [{ code: 'PSBC', name: '邮储银行' }] }, []],
    [
      {
        banks: [
          { code: 'RCB', name: '农商银行', bankReturn: { columns: [{ header: '流水', field: 'reference' }], successValues: ['成功'] } },
          { code: 'RCB', name: '' },
          { code: '农商', name: '农商银行' },
        ],
      },
      [
        'banks[0].bankReturn.columns: 缺少字段 result',
        'banks[1].name: 应为 1 至 60 个字符',
        'banks[2].code: 应为 1 至 20 位银行代码(字母、数字、_ 或 -)',
        'banks: 银行代码不能重复',
      ],
    ],
  ])('%j → %j', (stored, problems) => {
    expect(validatePayrollSettings(payrollSettings(stored as never))).toEqual(problems);
  });

  it.each([
    [10, 9, (28 - 10) * 24 + 15],
    [1, 0, 27 * 24 + 24],
    [28, 23, 1],
  ])('a Schedule on day %i at %i:00 catches up for %i hours, never into the next month', (dayOfMonth, hour, hours) => {
    expect(catchupWindowHours({ ...DEFAULT_PAYROLL_SETTINGS, schedule: { dayOfMonth, hour, minute: 0, timezone: 'Asia/Shanghai' } })).toBe(
      hours,
    );
  });

  it.each([1, 3, 4, 16])('%i lanes cover the uuid space without gaps or overlaps', (n) => {
    const lanes = uuidLanes(n);
    expect(lanes).toHaveLength(n);
    expect(lanes[0].from).toBeNull();
    expect(lanes[n - 1].to).toBeNull();
    for (let i = 1; i < n; i++) expect(lanes[i].from).toBe(lanes[i - 1].to);
    const within = (id: string) => lanes.filter((l) => (l.from === null || id >= l.from) && (l.to === null || id < l.to)).length;
    for (const id of [
      '00000000-0000-0000-0000-000000000000',
      '3fffffff-ffff-ffff-ffff-ffffffffffff',
      '40000000-0000-0000-0000-000000000000',
      'ffffffff-ffff-ffff-ffff-ffffffffffff',
    ]) {
      expect(within(id)).toBe(1);
    }
  });

  const PSBC_FILE = {
    columns: [
      { header: '流水号', field: 'reference' as const },
      { header: '卡号', field: 'account' as const },
      { header: '金额', field: 'amountYuan' as const },
    ],
    csvEncodings: ['gbk' as const],
  };
  it.each([
    ['no code: the default', null, '', DEFAULT_PAYROLL_SETTINGS.bankFile, DEFAULT_PAYROLL_SETTINGS.bankReturn],
    ['a listed bank with its own file columns', 'PSBC', 'PSBC', PSBC_FILE, DEFAULT_PAYROLL_SETTINGS.bankReturn],
    [
      'a listed bank without its own columns: the defaults',
      'RCB',
      'RCB',
      DEFAULT_PAYROLL_SETTINGS.bankFile,
      DEFAULT_PAYROLL_SETTINGS.bankReturn,
    ],
    ['a code not listed: the default', 'ICBC', '', DEFAULT_PAYROLL_SETTINGS.bankFile, DEFAULT_PAYROLL_SETTINGS.bankReturn],
  ])('bankMapping: %s', (_n, code, expectedCode, file, ret) => {
    const s = payrollSettings({
      banks: [
        { code: 'RCB', name: '农商银行' },
        { code: 'PSBC', name: '邮储银行', bankFile: PSBC_FILE },
      ],
    });
    expect(bankMapping(s, code)).toMatchObject({ code: expectedCode, bankFile: file, bankReturn: ret });
  });
});
