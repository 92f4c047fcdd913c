import { decisionDocumentProblems, homeVisitProblems } from './step-data';

describe('step data', () => {
  const visit = { visitedOn: '2026-11-20', staffCount: 2, findings: '入户核查属实' };
  it.each([
    ['a complete visit', { homeVisit: visit }, []],
    ['no visit', {}, ['data.homeVisit']],
    ['one staff member', { homeVisit: { ...visit, staffCount: 1 } }, ['data.homeVisit.staffCount']],
    ['a fractional staff count', { homeVisit: { ...visit, staffCount: 2.5 } }, ['data.homeVisit.staffCount']],
    ['an impossible date', { homeVisit: { ...visit, visitedOn: '2026-02-30' } }, ['data.homeVisit.visitedOn']],
    ['a future date', { homeVisit: { ...visit, visitedOn: '2026-12-01' } }, ['data.homeVisit.visitedOn']],
    ['blank findings', { homeVisit: { ...visit, findings: '  ' } }, ['data.homeVisit.findings']],
  ])('home visit: %s', (_what, data, fields) => {
    expect(homeVisitProblems(data, '2026-11-22').map((p) => p.field)).toEqual(fields);
  });

  it.each([
    [{ documentNo: '平民补〔2026〕1号' }, []],
    [{}, ['data.documentNo']],
    [{ documentNo: '' }, ['data.documentNo']],
    [null, ['data.documentNo']],
  ])('decision document %j', (data, fields) => {
    expect(decisionDocumentProblems(data).map((p) => p.field)).toEqual(fields);
  });
});
