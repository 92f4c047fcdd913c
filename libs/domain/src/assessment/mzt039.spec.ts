import { mzt039Level } from './mzt039';

describe('MZ/T 039-2013 ability level (§5.2 judgment card)', () => {
  it.each([
    // adl, mental, perception, social → level
    [0, 0, 0, 0, 0],
    [0, 0, 0, 1, 0],
    [0, 0, 0, 2, 1],
    [0, 0, 0, 3, 1],
    [0, 1, 0, 0, 1],
    [0, 0, 3, 0, 1],
    [0, 3, 3, 3, 1],
    [1, 0, 0, 0, 1],
    [1, 1, 1, 1, 1],
    [1, 2, 2, 1, 1],
    [1, 2, 2, 2, 2],
    [1, 0, 0, 3, 2],
    [1, 3, 0, 0, 2],
    [2, 0, 0, 0, 2],
    [2, 1, 2, 0, 2],
    [2, 2, 2, 1, 2],
    [2, 2, 2, 2, 3],
    [2, 0, 3, 0, 3],
    [3, 0, 0, 0, 3],
    [3, 3, 3, 3, 3],
  ])('ADL %i, mental %i, perception %i, social %i → level %i', (adl, mental, perception, social, level) => {
    const r = mzt039Level({ adl, mental, perception, social });
    expect(r.ok && r.level).toBe(level);
  });

  it.each([
    [{ adl: 4, mental: 0, perception: 0, social: 0 }, ['adl']],
    [{ adl: 1, mental: -1, perception: 0, social: 0 }, ['mental']],
    [{ adl: 1, mental: 0, perception: 1.5, social: 0 }, ['perception']],
    [{ adl: 1, mental: 0, perception: 0 }, ['social']],
  ])('refuses %j naming the indicator', (input, fields) => {
    const r = mzt039Level(input);
    expect(r.ok).toBe(false);
    expect(!r.ok && r.errors.map((e) => e.field)).toEqual(fields);
  });
});
