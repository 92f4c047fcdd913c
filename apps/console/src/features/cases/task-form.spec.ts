import dayjs from 'dayjs';
import { errorText } from '../../i18n/zh-CN';
import { completeBody, FIELD_OF_API, IRREVERSIBLE, taskFieldErrors } from './task-form';

describe('task form mapping', () => {
  it('sends the home visit with a passed review, dates as YYYY-MM-DD and text trimmed', () => {
    expect(
      completeBody('review', {
        outcome: 'pass',
        comment: '  情况属实 ',
        visitedOn: dayjs('2026-11-20'),
        staffCount: 2,
        findings: ' 入户核查 ',
      }),
    ).toEqual({
      step: 'review',
      outcome: 'pass',
      comment: '情况属实',
      data: { homeVisit: { visitedOn: '2026-11-20', staffCount: 2, findings: '入户核查' } },
    });
  });

  it('sends no findings with a refusal, only the written reason', () => {
    expect(completeBody('review', { outcome: 'reject', comment: '收入超标', findings: '不应发送' })).toEqual({
      step: 'review',
      outcome: 'reject',
      comment: '收入超标',
    });
  });

  it('sends the document number of a written decision', () => {
    expect(completeBody('decision', { outcome: 'issued', documentNo: '平民救〔2026〕1号' }).data).toEqual({
      documentNo: '平民救〔2026〕1号',
    });
  });

  it('leaves out an empty comment', () => {
    expect(completeBody('acceptance', { outcome: 'accept', comment: '   ' })).toEqual({ step: 'acceptance', outcome: 'accept' });
  });

  it('puts the API’s field errors on the form fields that show them', () => {
    expect(FIELD_OF_API['data.homeVisit.staffCount']).toBe('staffCount');
    expect(FIELD_OF_API['data.documentNo']).toBe('documentNo');
  });

  it('shows the API’s Chinese message beside the field, never English', () => {
    expect(
      taskFieldErrors({
        code: 'INVALID_DATA',
        fields: [
          { field: 'data.homeVisit.staffCount', message: '入户调查应至少有 2 名工作人员' },
          { field: 'data.homeVisit.visitedOn', message: 'cannot be in the future' },
          { field: 'data.somethingElse', message: '表单上没有的字段' },
        ],
      }),
    ).toEqual([
      { name: 'staffCount', errors: ['入户调查应至少有 2 名工作人员'] },
      { name: 'visitedOn', errors: ['填写不正确'] },
    ]);
  });

  it('asks for confirmation before decisions that cannot be taken back', () => {
    expect(['approve', 'reject', 'upheld'].every((o) => IRREVERSIBLE.has(o))).toBe(true);
    expect(IRREVERSIBLE.has('accept')).toBe(false);
  });

  it.each([
    ['CASE_ALREADY_OPEN', 409, '该申请人已有同类在办案件,不能重复申请。'],
    ['BAD_CREDENTIALS', 401, '用户名或密码错误。'],
    ['SOMETHING_NEW', 423, '登录失败次数过多,账户已暂时锁定,请稍后再试。'],
    ['SOMETHING_NEW', 500, '操作失败,请稍后再试。'],
    [undefined, 0, '无法连接服务器,请检查网络后重试。您填写的内容未丢失。'],
  ])('shows API error %s (%i) in Chinese', (code, status, text) => {
    expect(errorText(code, status)).toBe(text);
  });
});
