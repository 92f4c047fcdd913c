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
    ['no visit', {}, { 'data.homeVisit': '审核通过须填写入户调查情况(调查日期、调查人数、调查结论)' }],
    [
      'an impossible date, one staff member, blank findings',
      { homeVisit: { visitedOn: '2026-02-30', staffCount: 1, findings: ' ' } },
      {
        'data.homeVisit.visitedOn': '应为日期,格式 YYYY-MM-DD',
        'data.homeVisit.staffCount': '入户调查应至少有 2 名工作人员',
        'data.homeVisit.findings': '请填写调查结论(1 至 4000 个字)',
      },
    ],
    ['a future date', { homeVisit: { ...visit, visitedOn: '2026-12-01' } }, { 'data.homeVisit.visitedOn': '不能晚于今天' }],
  ])('home visit, what the officer reads: %s', (_what, data, messages) => {
    expect(Object.fromEntries(homeVisitProblems(data, '2026-11-22').map((p) => [p.field, p.message]))).toEqual(messages);
  });

  it('a missing document number, what the officer reads', () => {
    expect(decisionDocumentProblems({})).toEqual([{ field: 'data.documentNo', message: '请填写书面决定的文号(不超过 100 个字)' }]);
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
