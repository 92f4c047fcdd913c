import type { Actor } from '@app/contracts';
import { FIELD_PROBLEMS_ZH, fieldRuleMessage } from '@app/contracts/field-messages';
import { actorProblems } from './actor';

const officer: Actor = {
  userId: '5b0e9f3c-8a41-4c8e-9d55-0a1b2c3d4e5f',
  role: 'township_officer',
  regionCode: '370124001',
  displayName: '榆山街道经办人',
};

describe('actorProblems', () => {
  it.each([
    ['a signed-in officer', {}, []],
    ['a name of exactly 100 characters', { displayName: '张'.repeat(100) }, []],
    ['a user id that is no UUID', { userId: 'admin' }, ['actor.userId']],
    ['an unknown role', { role: 'root' }, ['actor.role']],
    ['a region code with letters', { regionCode: '3701x4' }, ['actor.regionCode']],
    ['an empty name', { displayName: '' }, ['actor.displayName']],
    ['NUL in the name', { displayName: '经办人\u0000' }, ['actor.displayName']],
    ['a line break in the name', { displayName: '经办\n人' }, ['actor.displayName']],
    ['a name of 101 characters', { displayName: '张'.repeat(101) }, ['actor.displayName']],
    ['several at once', { userId: '', role: '' }, ['actor.userId', 'actor.role']],
  ])('%s', (_what, change, fields) => {
    const actor = { ...officer, ...change } as Actor;
    expect(actorProblems(actor).map((p) => p.field)).toEqual(fields);
  });

  it('says why, in the words shown beside other fields', () => {
    expect(actorProblems({ ...officer, displayName: 'a\u0000' })).toEqual([
      { field: 'actor.displayName', message: FIELD_PROBLEMS_ZH.controlCharacters },
    ]);
    expect(actorProblems({ ...officer, displayName: '张'.repeat(101) })[0].message).toBe(fieldRuleMessage('maxLength', [100]));
  });
});
