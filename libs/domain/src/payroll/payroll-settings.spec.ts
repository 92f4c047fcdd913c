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
    [{ schedule: { dayOfMonth: 29, hour: 9, minute: 0, timezone: 'Asia/Shanghai' } }, ['schedule.dayOfMonth must be 1–28']],
    [{ lookbackMonths: -1 }, ['lookbackMonths must be 0–60']],
    [{ firstPayrollMonth: '2026-13' }, ['firstPayrollMonth must be YYYY-MM']],
    [{ lanes: 0 }, ['lanes must be 1–16']],
    [
      { schedule: { dayOfMonth: 0, hour: 24, minute: 0, timezone: 'Asia/Shanghai' } },
      ['schedule.dayOfMonth must be 1–28', 'schedule.hour must be 0–23'],
    ],
    [{ schedule: { dayOfMonth: 28, hour: 23, minute: 0, timezone: 'Asia/Shanghai' } }, []],
    [
      { bankFile: { columns: [{ header: '姓名', field: 'name' }], csvEncodings: ['gbk'] } },
      [
        'bankFile.columns must include the field reference',
        'bankFile.columns must include the field account',
        'bankFile.columns must include the field amountYuan',
      ],
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
        'bankFile.columns: unknown field memo (known: seq, name, idNumber, account, bankName, amountYuan, item, period, reference)',
        'bankFile.columns: headers must differ',
        'bankFile.columns: a field may appear once',
        'bankFile.csvEncodings must be utf-8 or gbk',
      ],
    ],
    [{ bankFile: { columns: [], csvEncodings: [] } }, ['bankFile.columns must not be empty']],
    [
      { bankReturn: { columns: [{ header: ' ', field: 'reference' }], successValues: [] } },
      [
        'bankReturn.columns: every header must be 1–40 characters',
        'bankReturn.columns must include the field result',
        'bankReturn.successValues must name at least one non-empty value',
      ],
    ],
    [{ recovery: 'forgive' }, ['recovery must be offset or receivable']],
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
        'banks[0].bankReturn.columns must include the field result',
        'banks[1].name must be 1–60 characters',
        "banks[2].code must be 1–20 letters, digits, '-' or '_'",
        'banks: a code may appear once',
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
