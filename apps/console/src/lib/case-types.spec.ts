import { CASE_TYPE_REGISTRY } from '@app/domain/case-types/registry';
import { CASE_TYPE_OPTIONS } from './case-types';

describe('case-type picker', () => {
  it('offers every type of the registry, each once', () => {
    expect(CASE_TYPE_OPTIONS.map((o) => o.value).sort()).toEqual(Object.keys(CASE_TYPE_REGISTRY).sort());
  });

  it.each([
    ['hardship-allowance', '经济困难老年人补贴'],
    ['care-allowance', '护理补贴'],
    ['trial-stay', '特困人员试住'],
    ['high-age-allowance', '高龄津贴'],
  ])('labels %s as %s', (value, label) => {
    expect(CASE_TYPE_OPTIONS.find((o) => o.value === value)?.label).toBe(label);
  });
});
