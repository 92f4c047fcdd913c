import { dueState, fromSavedFilters, inboxQuery } from './inbox-params';

describe('inbox query mapping', () => {
  it('maps the three tabs', () => {
    expect(inboxQuery('mine', {}, 1, 20)).toEqual({ scope: 'mine', status: 'open', page: 1, pageSize: 20 });
    expect(inboxQuery('role', {}, 2, 50)).toMatchObject({ scope: 'role', status: 'open', page: 2 });
    expect(inboxQuery('done', {}, 1, 20)).toMatchObject({ scope: 'mine', status: 'completed' });
  });

  it('maps filters, with the due-soon window in working days', () => {
    expect(
      inboxQuery('role', { step: 'review', caseType: 'care-allowance', overdue: true, dueWithinWorkingDays: 3, sort: '-dueAt' }, 1, 20),
    ).toEqual({
      scope: 'role',
      status: 'open',
      page: 1,
      pageSize: 20,
      step: 'review',
      caseType: 'care-allowance',
      overdue: 'true',
      dueSoon: 'true',
      dueWithinWorkingDays: 3,
      sort: '-dueAt',
    });
  });

  it('round-trips a saved view', () => {
    const q = inboxQuery('role', { step: 'approval', dueWithinWorkingDays: 2, regionCode: '370124001' }, 1, 20);
    expect(fromSavedFilters(q)).toEqual({
      tab: 'role',
      filters: {
        step: 'approval',
        caseType: undefined,
        regionCode: '370124001',
        overdue: undefined,
        dueWithinWorkingDays: 2,
        sort: undefined,
      },
    });
  });
});

describe('the deadline cell', () => {
  const task = (status: string, overdue: boolean, daysOverdue: number | null, workingDaysLeft: number | null) => ({
    status,
    overdue,
    daysOverdue,
    workingDaysLeft,
  });
  it.each([
    ['completed', task('completed', false, null, null), null],
    ['overdue by 3 days', task('open', true, 3, null), { kind: 'overdue', days: 3 }],
    ['due today', task('open', false, null, 0), { kind: 'soon', workingDays: 0 }],
    ['2 working days left (over a weekend or holiday)', task('open', false, null, 2), { kind: 'soon', workingDays: 2 }],
    ['3 working days left', task('open', false, null, 3), { kind: 'later', workingDays: 3 }],
    ['no calendar answer', task('open', false, null, null), null],
  ])('%s', (_name, input, expected) => {
    expect(dueState(input)).toEqual(expected);
  });
});
