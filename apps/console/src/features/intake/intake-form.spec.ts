import { buildResidentId } from '@app/domain/identity';
import { birthDateOf, idNumberProblem, intakeFieldErrors, toCreateCaseBody } from './intake-form';

const valid = buildResidentId('370124', '1950-06-15', 21);

describe('intake form mapping', () => {
  it('maps a hardship application, leaving out empty optional fields', () => {
    expect(
      toCreateCaseBody({
        caseType: 'hardship-allowance',
        regionCode: '370124001001',
        idNumber: ` ${valid.toLowerCase()} `,
        name: ' 测试老人 ',
        phone: '',
        address: '  ',
      }),
    ).toEqual({ caseType: 'hardship-allowance', regionCode: '370124001001', applicant: { idNumber: valid, name: '测试老人' } });
  });

  it('sends the care home and priority category of a trial stay as details', () => {
    const body = toCreateCaseBody({
      caseType: 'trial-stay',
      regionCode: '370124100',
      idNumber: valid,
      name: '甲',
      appliedOn: '2026-11-20',
      careHomeId: 'c0ffee00-0000-4000-8000-000000000001',
      priorityCategory: 'partial',
    });
    expect(body.details).toEqual({ careHomeId: 'c0ffee00-0000-4000-8000-000000000001', priorityCategory: 'partial' });
    expect(body.appliedOn).toBe('2026-11-20');
  });

  it.each([
    ['3701241950061500', '身份证号码应为 18 位'],
    ['37012419500615002A', '身份证号码应为 17 位数字加 1 位数字或 X'],
    ['370124195002300217', '身份证号码中的出生日期不存在,请核对号码'],
    [valid.slice(0, 17) + (valid[17] === '0' ? '1' : '0'), '身份证号码校验码不符,请核对号码'],
    [valid, null],
  ])('checks the ID number %s with the domain rule', (id, problem) => {
    expect(idNumberProblem(id, '2026-11-26')).toBe(problem);
  });

  it('reads the birth date from a valid ID number', () => {
    expect(birthDateOf(valid)).toBe('1950-06-15');
    expect(birthDateOf('123')).toBeNull();
  });

  it('puts API field errors on the form fields, in Chinese', () => {
    expect(
      intakeFieldErrors({ code: 'BIRTH_DATE_MISMATCH', fields: [{ field: 'applicant.birthDate', message: 'does not match' }] }),
    ).toEqual([{ name: 'birthDate', errors: ['与身份证号中的出生日期不一致'] }]);
    expect(intakeFieldErrors({ code: 'CASE_ALREADY_OPEN' })).toEqual([{ name: 'idNumber', errors: ['该申请人已有同类在办案件'] }]);
  });

  it.each([
    ['VALIDATION_FAILED', 'appliedOn', '不能晚于今天', 'appliedOn', '不能晚于今天'],
    ['VALIDATION_FAILED', 'applicant.phone', '应为大陆手机号或固定电话号码', 'phone', '应为大陆手机号或固定电话号码'],
    ['UNKNOWN_REGION', 'regionCode', '不是您所辖的乡镇或村居', 'regionCode', '不是您辖区内的乡镇或村居'],
    ['VALIDATION_FAILED', 'appliedOn', 'cannot be in the future', 'appliedOn', '填写不正确'],
  ])('shows a %s message on %s as the API said it, when Chinese', (code, field, message, name, shown) => {
    expect(intakeFieldErrors({ code, fields: [{ field, message }] })).toEqual([{ name, errors: [shown] }]);
  });
});
