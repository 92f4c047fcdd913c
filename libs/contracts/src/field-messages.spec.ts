import { FIELD_PATTERNS_ZH, fieldRuleMessage } from './field-messages';

describe('fieldRuleMessage', () => {
  it.each([
    ['isString', [], '应为文字'],
    ['isInt', [], '应为整数'],
    ['min', [1], '不能小于 1'],
    ['max', [200], '不能大于 200'],
    ['length', [1, 100], '长度应为 1 至 100 个字符'],
    ['length', [10], '不能少于 10 个字符'],
    ['maxLength', [4000], '不能超过 4000 个字符'],
    ['isIn', [['death', 'moved_out']], '只能是以下之一:death、moved_out'],
    ['arrayMaxSize', [500], '最多 500 项'],
    ['whitelistValidation', [], '不是可以提交的字段'],
    ['somethingNew', [], '填写有误'],
  ])('%s %j → %s', (rule, args, expected) => {
    expect(fieldRuleMessage(rule, args, 'english text from class-validator')).toBe(expected);
  });

  it('keeps a message the DTO wrote in Chinese', () => {
    expect(fieldRuleMessage('matches', [], FIELD_PATTERNS_ZH.regionCode)).toBe(FIELD_PATTERNS_ZH.regionCode);
  });

  it('says every pattern in Chinese', () => {
    for (const text of Object.values(FIELD_PATTERNS_ZH)) expect(text).toMatch(/[\u3400-\u9fff]/);
  });
});
