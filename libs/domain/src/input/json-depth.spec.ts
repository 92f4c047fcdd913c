import { jsonNestingDepth } from './json-depth';

const depth = (s: string, limit?: number) => jsonNestingDepth(new TextEncoder().encode(s), limit);

describe('jsonNestingDepth', () => {
  it.each([
    ['{}', 1],
    ['[]', 1],
    ['"x"', 0],
    ['{"a":{"b":[1,[2]]}}', 4],
    ['{"a":"{{{[[["}', 1],
    ['{"a":"\\"{{{"}', 1],
    ['[[],[[]],[]]', 3],
  ])('%s → %d', (text, expected) => {
    expect(depth(text)).toBe(expected);
  });

  it('stops counting past the limit', () => {
    expect(depth('['.repeat(1_000_000), 64)).toBe(65);
  });
});
