/**
 * A county's payroll configuration: when the Schedule runs, how far arrears reach back, how
 * recoveries are settled, and the columns its bank asks for. Stored per county as data
 * (`payroll_settings`), over these defaults: a county states only what it changes.
 */
import { FIELD_PATTERNS_ZH, fieldRuleMessage } from '@app/contracts/field-messages';

/** What a bank-file column holds. */
export type BankFileField = 'seq' | 'name' | 'idNumber' | 'account' | 'bankName' | 'amountYuan' | 'item' | 'period' | 'reference';
/** What a return-file column holds. */
export type BankReturnField = 'reference' | 'account' | 'name' | 'amountYuan' | 'result' | 'failureReason';

export const BANK_FILE_FIELDS: readonly BankFileField[] = [
  'seq',
  'name',
  'idNumber',
  'account',
  'bankName',
  'amountYuan',
  'item',
  'period',
  'reference',
];
export const BANK_RETURN_FIELDS: readonly BankReturnField[] = ['reference', 'account', 'name', 'amountYuan', 'result', 'failureReason'];

/** What makes a bank's column mapping unusable: unknown or repeated fields, blank or repeated headers, a required field missing. */
function columnProblems<F extends string>(
  path: string,
  columns: readonly BankColumn<F>[],
  known: readonly F[],
  required: readonly F[],
): string[] {
  const problems: string[] = [];
  if (columns.length === 0) return [`${path}: 不能为空`];
  const unknown = columns.filter((c) => !known.includes(c.field)).map((c) => String(c.field));
  if (unknown.length > 0) problems.push(`${path}: 有无法识别的字段 ${unknown.join('、')}(可用字段:${known.join('、')})`);
  if (columns.some((c) => typeof c.header !== 'string' || c.header.trim() === '' || c.header.length > 40))
    problems.push(`${path}: 每个表头应为 1 至 40 个字符`);
  if (new Set(columns.map((c) => c.header.trim())).size !== columns.length) problems.push(`${path}: 表头不能重复`);
  if (new Set(columns.map((c) => c.field)).size !== columns.length) problems.push(`${path}: 每个字段只能出现一次`);
  for (const f of required) if (!columns.some((c) => c.field === f)) problems.push(`${path}: 缺少字段 ${f}`);
  return problems;
}

export interface BankColumn<F extends string> {
  readonly header: string;
  readonly field: F;
}

export interface PayrollSettings {
  readonly schedule: { readonly dayOfMonth: number; readonly hour: number; readonly minute: number; readonly timezone: string };
  /** The first month this system pays; earlier months were paid outside it. null = the county's first run. */
  readonly firstPayrollMonth: string | null;
  readonly lookbackMonths: number;
  readonly recovery: 'offset' | 'receivable';
  readonly bankFile: { readonly columns: readonly BankColumn<BankFileField>[]; readonly csvEncodings: readonly ('utf-8' | 'gbk')[] };
  readonly bankReturn: {
    readonly columns: readonly BankColumn<BankReturnField>[];
    /** Values of the result column that mean the credit succeeded; anything else is a failure. */
    readonly successValues: readonly string[];
  };
  /**
   * Banks the county's elders are paid through (开户行), each with its own file and return
   * columns where it differs from the county's default (`bankFile`, `bankReturn`). An account
   * names its bank by code; one without a code, or with a code not listed, is paid through the
   * default mapping. Files are one per township and bank.
   */
  readonly banks: readonly BankSettings[];
  /** Entitlements per activity page of the payroll workflow. */
  readonly pageSize: number;
  /** Pages computed at once: the id space is cut into this many slices, each paged on its own. */
  readonly lanes: number;
}

export interface BankSettings {
  /** Short code, e.g. RCB (农商银行) or PSBC (邮储银行): letters, digits, '-' or '_'. */
  readonly code: string;
  /** The bank's name as officers know it. */
  readonly name: string;
  readonly bankFile?: PayrollSettings['bankFile'];
  readonly bankReturn?: PayrollSettings['bankReturn'];
}

/** The file and return mapping one bank's payments use ('' or null: the county's default). */
export interface BankMapping {
  /** '' for the default mapping. */
  readonly code: string;
  readonly name: string | null;
  readonly bankFile: PayrollSettings['bankFile'];
  readonly bankReturn: PayrollSettings['bankReturn'];
}

export function bankMapping(s: PayrollSettings, code: string | null | undefined): BankMapping {
  const bank = code ? (s.banks ?? []).find((b) => b.code === code) : undefined;
  if (!bank) return { code: '', name: null, bankFile: s.bankFile, bankReturn: s.bankReturn };
  return { code: bank.code, name: bank.name, bankFile: bank.bankFile ?? s.bankFile, bankReturn: bank.bankReturn ?? s.bankReturn };
}

export const BANK_CODE_PATTERN = /^[A-Za-z0-9_-]{1,20}$/;

export const DEFAULT_BANK_FILE_COLUMNS: readonly BankColumn<BankFileField>[] = [
  { header: '序号', field: 'seq' },
  { header: '姓名', field: 'name' },
  { header: '身份证号', field: 'idNumber' },
  { header: '一卡通/社保卡账号', field: 'account' },
  { header: '开户行', field: 'bankName' },
  { header: '金额(元)', field: 'amountYuan' },
  { header: '补贴项目', field: 'item' },
  { header: '所属期', field: 'period' },
  { header: '业务流水号', field: 'reference' },
];

export const DEFAULT_BANK_RETURN_COLUMNS: readonly BankColumn<BankReturnField>[] = [
  { header: '业务流水号', field: 'reference' },
  { header: '账号', field: 'account' },
  { header: '户名', field: 'name' },
  { header: '金额', field: 'amountYuan' },
  { header: '处理结果', field: 'result' },
  { header: '失败原因', field: 'failureReason' },
];

export const DEFAULT_PAYROLL_SETTINGS: PayrollSettings = {
  // The 10th at 09:00 Asia/Shanghai: officers review and release the same month.
  schedule: { dayOfMonth: 10, hour: 9, minute: 0, timezone: 'Asia/Shanghai' },
  firstPayrollMonth: null,
  lookbackMonths: 12,
  recovery: 'offset',
  bankFile: { columns: DEFAULT_BANK_FILE_COLUMNS, csvEncodings: ['utf-8', 'gbk'] },
  bankReturn: { columns: DEFAULT_BANK_RETURN_COLUMNS, successValues: ['成功', '已入账', 'SUCCESS', '0'] },
  banks: [],
  pageSize: 2000,
  lanes: 4,
};

export function payrollSettings(stored: Partial<PayrollSettings> | null | undefined): PayrollSettings {
  return { ...DEFAULT_PAYROLL_SETTINGS, ...(stored ?? {}) };
}

/** Problems that make settings unusable, each `path: 中文说明`; empty when they are consistent. */
export function validatePayrollSettings(s: PayrollSettings): string[] {
  const problems: string[] = [];
  const { dayOfMonth, hour, minute } = s.schedule;
  // Day 28 at the latest: every month has it, and a catch-up still lands in the same month.
  if (!Number.isInteger(dayOfMonth) || dayOfMonth < 1 || dayOfMonth > 28) problems.push('schedule.dayOfMonth: 应为每月 1 至 28 日');
  if (!Number.isInteger(hour) || hour < 0 || hour > 23) problems.push('schedule.hour: 应为 0 至 23 时');
  if (!Number.isInteger(minute) || minute < 0 || minute > 59) problems.push('schedule.minute: 应为 0 至 59 分');
  if (!Number.isInteger(s.lookbackMonths) || s.lookbackMonths < 0 || s.lookbackMonths > 60)
    problems.push('lookbackMonths: 应为 0 至 60 个月');
  if (s.firstPayrollMonth !== null && !/^\d{4}-(0[1-9]|1[0-2])$/.test(s.firstPayrollMonth))
    problems.push(`firstPayrollMonth: ${FIELD_PATTERNS_ZH.month}`);
  problems.push(...mappingProblems('', s.bankFile, s.bankReturn));
  const banks = s.banks ?? [];
  if (!Array.isArray(banks)) problems.push('banks: 应为列表');
  else {
    banks.forEach((b, i) => {
      if (typeof b.code !== 'string' || !BANK_CODE_PATTERN.test(b.code)) problems.push(`banks[${i}].code: ${FIELD_PATTERNS_ZH.bankCode}`);
      if (typeof b.name !== 'string' || b.name.trim() === '' || b.name.length > 60) problems.push(`banks[${i}].name: 应为 1 至 60 个字符`);
      problems.push(...mappingProblems(`banks[${i}].`, b.bankFile, b.bankReturn));
    });
    if (new Set(banks.map((b) => b.code)).size !== banks.length) problems.push('banks: 银行代码不能重复');
  }
  if (s.recovery !== 'offset' && s.recovery !== 'receivable')
    problems.push(`recovery: ${fieldRuleMessage('isIn', [['offset', 'receivable']])}`);
  if (!Number.isInteger(s.pageSize) || s.pageSize < 1 || s.pageSize > 20000) problems.push('pageSize: 应为 1 至 20000');
  if (!Number.isInteger(s.lanes) || s.lanes < 1 || s.lanes > 16) problems.push('lanes: 应为 1 至 16');
  return problems;
}

function mappingProblems(prefix: string, file?: PayrollSettings['bankFile'], ret?: PayrollSettings['bankReturn']): string[] {
  const problems: string[] = [];
  if (file) {
    problems.push(...columnProblems(`${prefix}bankFile.columns`, file.columns, BANK_FILE_FIELDS, ['reference', 'account', 'amountYuan']));
    if (file.csvEncodings.some((e) => e !== 'utf-8' && e !== 'gbk'))
      problems.push(`${prefix}bankFile.csvEncodings: ${fieldRuleMessage('isIn', [['utf-8', 'gbk']])}`);
    if (new Set(file.csvEncodings).size !== file.csvEncodings.length) problems.push(`${prefix}bankFile.csvEncodings: 不能重复`);
  }
  if (ret) {
    problems.push(...columnProblems(`${prefix}bankReturn.columns`, ret.columns, BANK_RETURN_FIELDS, ['reference', 'result']));
    if (ret.successValues.length === 0 || ret.successValues.some((v) => v.trim() === ''))
      problems.push(`${prefix}bankReturn.successValues: 至少列出一个非空的成功值`);
  }
  return problems;
}

/**
 * The Schedule's catch-up window: a run missed while the servers were down still starts later the
 * same month, never in the next one (which would pay the wrong month): from the scheduled time to
 * the end of the 28th, the last day every month has.
 */
export function catchupWindowHours(s: PayrollSettings): number {
  return Math.max(1, (28 - s.schedule.dayOfMonth) * 24 + (24 - s.schedule.hour));
}

/**
 * Monthly dispersed-support payment (特困人员分散供养基本生活费) when the trial-stay policy names
 * none (`rules.dispersedSupportMonthlyFen`). A demo default: each county sets its own standard.
 */
export const DEFAULT_DISPERSED_SUPPORT_MONTHLY_FEN = 100000;

/**
 * Cuts the uuid space into `n` slices by the leading hex digits: ids are random, so each slice
 * holds about the same share of entitlements. Bounds as uuids: [from, to).
 */
export function uuidLanes(n: number): { from: string | null; to: string | null }[] {
  const bound = (i: number) =>
    `${Math.floor((i * 0x10000) / n)
      .toString(16)
      .padStart(4, '0')}0000-0000-0000-0000-000000000000`;
  return Array.from({ length: n }, (_, i) => ({ from: i === 0 ? null : bound(i), to: i === n - 1 ? null : bound(i + 1) }));
}
