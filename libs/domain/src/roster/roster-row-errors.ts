/**
 * Roster import row errors by stable code, each with its Chinese message for the officer who
 * uploaded the file. Codes never change meaning (the console and saved reports rely on them);
 * messages never repeat what was in a cell (see roster-row.ts).
 */
import type { ResidentIdErrorCode } from '../identity';

export const ROSTER_ROW_ERROR_CODES = [
  'ID_NUMBER_REQUIRED',
  'ID_NUMBER_LENGTH',
  'ID_NUMBER_FORMAT',
  'ID_NUMBER_BIRTH_DATE_INVALID',
  'ID_NUMBER_BIRTH_DATE_IN_FUTURE',
  'ID_NUMBER_CHECK_CHARACTER',
  'NAME_REQUIRED',
  'NAME_TOO_LONG',
  'NAME_CONTROL_CHARACTERS',
  'NAME_HAS_DIGITS',
  'CATEGORY_REQUIRED',
  'CATEGORY_UNKNOWN',
  'REGION_REQUIRED',
  'REGION_FORMAT',
  'REGION_UNKNOWN',
  'REGION_OUT_OF_SCOPE',
  'ENTERED_ON_REQUIRED',
  'ENTERED_ON_INVALID',
  'ENTERED_ON_IN_FUTURE',
  'ENTERED_ON_BEFORE_BIRTH',
  'LEFT_ON_INVALID',
  'LEFT_ON_BEFORE_ENTERED_ON',
  'DUPLICATE_ROW',
  'CSV_QUOTING',
  'TOO_MANY_VALUES',
  'SPELL_KEPT_ELSEWHERE',
] as const;
export type RosterRowErrorCode = (typeof ROSTER_ROW_ERROR_CODES)[number];

/** Numbers a message may name: a limit, another row, a column count. Never a cell's content. */
export interface RosterRowErrorParams {
  max?: number;
  firstRow?: number;
  columns?: number;
}

const MESSAGES: Record<RosterRowErrorCode, (p: RosterRowErrorParams) => string> = {
  ID_NUMBER_REQUIRED: () => '身份证号不能为空。',
  ID_NUMBER_LENGTH: () => '身份证号应为 18 位。',
  ID_NUMBER_FORMAT: () => '身份证号应为 17 位数字加 1 位数字或 X。',
  ID_NUMBER_BIRTH_DATE_INVALID: () => '身份证号中的出生日期不是有效日期。',
  ID_NUMBER_BIRTH_DATE_IN_FUTURE: () => '身份证号中的出生日期晚于今天。',
  ID_NUMBER_CHECK_CHARACTER: () => '身份证号校验码不正确,请核对。',
  NAME_REQUIRED: () => '姓名不能为空。',
  NAME_TOO_LONG: (p) => `姓名最多 ${p.max ?? ''} 个字。`,
  NAME_CONTROL_CHARACTERS: () => '姓名应为单行文字,不能含控制字符。',
  NAME_HAS_DIGITS: () => '姓名不能含数字(可能是列错位)。',
  CATEGORY_REQUIRED: () => '类别不能为空。',
  CATEGORY_UNKNOWN: () => '类别无法识别,请填写 低保、特困 或 低收入。',
  REGION_REQUIRED: () => '区划代码不能为空。',
  REGION_FORMAT: () => '区划代码应为 9 位乡镇(街道)或 12 位村(居)代码。',
  REGION_UNKNOWN: () => '区划代码不是已登记的乡镇(街道)或村(居)。',
  REGION_OUT_OF_SCOPE: () => '区划不在您的辖区内。',
  ENTERED_ON_REQUIRED: () => '纳入日期不能为空。',
  ENTERED_ON_INVALID: () => '纳入日期不是有效日期,请按年在前的格式填写,如 2024-03-01。',
  ENTERED_ON_IN_FUTURE: () => '纳入日期晚于今天。',
  ENTERED_ON_BEFORE_BIRTH: () => '纳入日期早于身份证号中的出生日期。',
  LEFT_ON_INVALID: () => '退出日期不是有效日期,请按年在前的格式填写(如 2025-06-30)或留空。',
  LEFT_ON_BEFORE_ENTERED_ON: () => '退出日期早于纳入日期。',
  DUPLICATE_ROW: (p) => `与第 ${p.firstRow ?? ''} 行重复(身份证号、类别、纳入日期相同),请只保留一行。`,
  CSV_QUOTING: () => '引号使用不正确(引号未闭合或引号后还有文字),请将整个字段用英文引号括起,字段内的引号写两遍。',
  TOO_MANY_VALUES: (p) => `该行的值多于表头的 ${p.columns ?? ''} 列。`,
  SPELL_KEPT_ELSEWHERE: () => '同一人同一类别同一纳入日期的记录由其他区划登记,请联系县级民政部门修改。',
};

/** The Chinese message for a row error. */
export function rosterRowErrorMessage(code: RosterRowErrorCode, params: RosterRowErrorParams = {}): string {
  return MESSAGES[code](params);
}

/** The row error code for a resident ID number the identity rules refused. */
export function residentIdRowErrorCode(code: ResidentIdErrorCode): RosterRowErrorCode {
  return `ID_NUMBER_${code}`;
}
