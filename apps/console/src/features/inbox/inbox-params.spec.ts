import { fromSavedFilters, inboxQuery } from './inbox-params';

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
