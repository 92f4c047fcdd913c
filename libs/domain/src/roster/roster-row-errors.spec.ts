import type { ResidentIdErrorCode } from '../identity';
import { ROSTER_ROW_ERROR_CODES, residentIdRowErrorCode, rosterRowErrorMessage } from './roster-row-errors';

describe('roster row error codes and their Chinese messages', () => {
  it.each(ROSTER_ROW_ERROR_CODES.map((c) => [c]))('%s has a Chinese message', (code) => {
    expect(rosterRowErrorMessage(code, { max: 50, firstRow: 9, columns: 6 })).toMatch(/^[\u4e00-\u9fff].*[。]$/);
  });

  it.each<[string, Parameters<typeof rosterRowErrorMessage>[1], string]>([
    ['NAME_TOO_LONG', { max: 50 }, '姓名最多 50 个字。'],
    ['DUPLICATE_ROW', { firstRow: 9 }, '与第 9 行重复(身份证号、类别、纳入日期相同),请只保留一行。'],
    ['TOO_MANY_VALUES', { columns: 6 }, '该行的值多于表头的 6 列。'],
  ])('%s names its number', (code, params, expected) => {
    expect(rosterRowErrorMessage(code as (typeof ROSTER_ROW_ERROR_CODES)[number], params)).toBe(expected);
  });

  it.each<[ResidentIdErrorCode]>([['LENGTH'], ['FORMAT'], ['BIRTH_DATE_INVALID'], ['BIRTH_DATE_IN_FUTURE'], ['CHECK_CHARACTER']])(
    'the identity rule %s maps to a known row code',
    (code) => {
      expect(ROSTER_ROW_ERROR_CODES).toContain(residentIdRowErrorCode(code));
    },
  );
});
