import { apiFieldErrors } from './form-errors';

describe('apiFieldErrors', () => {
  it.each([
    ['a validation message, as the API said it', 'VALIDATION_FAILED', 'password', '不能包含用户名', ['password'], '不能包含用户名'],
    [
      'a nested field, on its top-level field',
      'VALIDATION_FAILED',
      'banks[1].name',
      '应为 1 至 60 个字符',
      ['banks'],
      '应为 1 至 60 个字符',
    ],
    ['a code the console words itself', 'UNKNOWN_REGION', 'regionCode', '不是您所管理的区划', ['regionCode'], '不是您辖区内的乡镇或村居'],
    [
      'an English message (an older server), never shown',
      'VALIDATION_FAILED',
      'password',
      'must not contain the username',
      ['password'],
      '填写不正确',
    ],
  ])('%s', (_what, code, field, message, known, shown) => {
    expect(apiFieldErrors({ code, fields: [{ field, message }] }, known)).toEqual([{ name: known[0], errors: [shown] }]);
  });

  it('leaves out fields the form does not have', () => {
    expect(apiFieldErrors({ code: 'VALIDATION_FAILED', fields: [{ field: 'body', message: '应为对象' }] }, ['name'])).toEqual([]);
  });
});
