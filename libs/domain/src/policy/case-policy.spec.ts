import { DEFAULT_POLICIES } from '../case-types/registry';
import { firstTaskOf, type CasePolicy } from './case-policy';

describe('firstTaskOf', () => {
  const withChain = (chain: CasePolicy['chain']): CasePolicy => ({ ...DEFAULT_POLICIES['hardship-allowance'], chain });
  it.each([
    ['hardship default', DEFAULT_POLICIES['hardship-allowance'], 'acceptance'],
    ['care default', DEFAULT_POLICIES['care-allowance'], 'acceptance'],
    ['trial stay default', DEFAULT_POLICIES['trial-stay'], 'acceptance'],
    [
      'a chain starting with review',
      withChain([{ kind: 'task', step: 'review', role: 'township_officer', deadline: { unit: 'working_days', amount: 3 } }]),
      'review',
    ],
    [
      'a chain starting with the notice',
      withChain([{ kind: 'notice', step: 'notice', period: { unit: 'calendar_days', amount: 7 } }]),
      null,
    ],
    ['an empty chain', withChain([]), null],
  ])('%s', (_name, policy, step) => {
    expect(firstTaskOf(policy)?.step ?? null).toBe(step);
  });
});
