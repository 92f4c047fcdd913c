import { groupTotals, sumTotals, type TotalRow, type TotalsDimension } from './payroll-totals';

const row = (townshipCode: string, sourceKind: string, kind: string, lines: number, amountFen: number): TotalRow => ({
  townshipCode,
  townshipName: `镇${townshipCode.slice(-1)}`,
  sourceKind,
  kind,
  settlement: 'payable',
  lines,
  amountFen,
});

const ROWS: TotalRow[] = [
  row('370124001', 'hardship-allowance', 'regular', 10, 100_000),
  row('370124001', 'care-allowance', 'regular', 2, 40_050),
  row('370124002', 'hardship-allowance', 'arrears', 1, 20_000),
  row('370124002', 'hardship-allowance', 'recovery', 1, -10_000),
];

describe('payroll totals by dimension', () => {
  it.each<[TotalsDimension, [string, number, number][]]>([
    [
      'township',
      [
        ['370124001', 12, 140_050],
        ['370124002', 2, 10_000],
      ],
    ],
    [
      'source',
      [
        ['hardship-allowance', 12, 110_000],
        ['care-allowance', 2, 40_050],
      ],
    ],
    [
      'kind',
      [
        ['regular', 12, 140_050],
        ['arrears', 1, 20_000],
        ['recovery', 1, -10_000],
      ],
    ],
  ])('by %s', (by, expected) => {
    const groups = groupTotals(ROWS, by, (key) => key);
    expect(groups.map((g) => [g.key, g.lines, g.amountFen])).toEqual(expected);
  });

  it('labels a group from its first row and sums in integer fen', () => {
    const groups = groupTotals(ROWS, 'township', (_k, r) => String(r.townshipName));
    expect(groups.map((g) => g.label)).toEqual(['镇1', '镇2']);
    expect(sumTotals(groups)).toEqual({ lines: 14, amountFen: 150_050 });
  });

  it('gives nothing for a run without lines', () => {
    expect(groupTotals([], 'kind', (k) => k)).toEqual([]);
    expect(sumTotals([])).toEqual({ lines: 0, amountFen: 0 });
  });
});
