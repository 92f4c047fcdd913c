/** One row of a run's totals as the API gives them (township × allowance × line kind × settlement). */
export interface TotalRow {
  townshipCode: string;
  /** Typed loosely by the generated client (an untyped nullable DTO field); a string or null. */
  townshipName?: unknown;
  sourceKind: string;
  kind: string;
  settlement: string;
  lines: number;
  amountFen: number;
}

export type TotalsDimension = 'township' | 'source' | 'kind';

export interface GroupedTotal {
  key: string;
  label: string;
  lines: number;
  amountFen: number;
}

/**
 * The run's totals summed along one dimension, in the order of first appearance, with a label for
 * each group (integer fen throughout: recoveries come negative from the API and are summed as they are).
 */
export function groupTotals(rows: readonly TotalRow[], by: TotalsDimension, label: (key: string, row: TotalRow) => string): GroupedTotal[] {
  const groups = new Map<string, GroupedTotal>();
  for (const r of rows) {
    const key = by === 'township' ? r.townshipCode : by === 'source' ? r.sourceKind : r.kind;
    const g = groups.get(key) ?? { key, label: label(key, r), lines: 0, amountFen: 0 };
    g.lines += r.lines;
    g.amountFen += r.amountFen;
    groups.set(key, g);
  }
  return [...groups.values()];
}

/** The sum of the groups (for the table's summary row). */
export function sumTotals(groups: readonly GroupedTotal[]): { lines: number; amountFen: number } {
  return groups.reduce((s, g) => ({ lines: s.lines + g.lines, amountFen: s.amountFen + g.amountFen }), { lines: 0, amountFen: 0 });
}
