import type { BankColumn, BankFileField, BankReturnField } from './payroll-settings';

/** One payment in a bank file: everything a township's lines for one allowance add up to. */
export interface BankPayment {
  readonly reference: string;
  readonly name: string;
  readonly idNumber: string;
  readonly account: string;
  readonly bankName: string;
  readonly amountFen: number;
  readonly item: string;
  readonly period: string;
}

/** 8000 → '80.00' (banks want two decimals, no unit). */
export function fenToYuanText(fen: number): string {
  const sign = fen < 0 ? '-' : '';
  const abs = Math.abs(fen);
  return `${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
}

/** '80', '80.5', '80.50' → 8050-style fen; null when it is not an amount. */
export function yuanTextToFen(text: string): number | null {
  const m = /^\s*(-?)(\d+)(?:\.(\d{1,2}))?\s*$/.exec(text);
  if (!m) return null;
  const fen = Number(m[2]) * 100 + Number((m[3] ?? '').padEnd(2, '0'));
  return m[1] === '-' ? -fen : fen;
}

export interface BankSheet {
  /** The totals row the bank checks first: batch, township, period, count, total. */
  readonly totals: readonly string[];
  readonly header: readonly string[];
  readonly rows: readonly (readonly string[])[];
}

/** The rows of a disbursement file in the county's column order, every cell as text. */
export function bankSheet(
  payments: readonly BankPayment[],
  columns: readonly BankColumn<BankFileField>[],
  meta: { batch: string; township: string; month: string },
): BankSheet {
  const total = payments.reduce((s, p) => s + p.amountFen, 0);
  const cell = (p: BankPayment, i: number, field: BankFileField): string => {
    switch (field) {
      case 'seq':
        return String(i + 1);
      case 'amountYuan':
        return fenToYuanText(p.amountFen);
      default:
        return p[field];
    }
  };
  return {
    totals: [
      '批次号',
      meta.batch,
      '单位',
      meta.township,
      '所属期',
      meta.month,
      '笔数',
      String(payments.length),
      '总金额(元)',
      fenToYuanText(total),
    ],
    header: columns.map((c) => c.header),
    rows: payments.map((p, i) => columns.map((c) => cell(p, i, c.field))),
  };
}

export interface ReturnRow {
  readonly rowNumber: number;
  readonly reference: string;
  readonly account: string;
  readonly name: string;
  readonly amountFen: number | null;
  readonly success: boolean;
  readonly failureReason: string;
}

export type ReturnRowProblem = { readonly rowNumber: number; readonly message: string };

/**
 * Reads a return file's rows (the header row located by its column names; a totals row above it
 * is skipped) into typed rows; rows it cannot read are reported, never guessed.
 */
export function parseReturnRows(
  cells: readonly (readonly string[])[],
  columns: readonly BankColumn<BankReturnField>[],
  successValues: readonly string[],
): { rows: ReturnRow[]; problems: ReturnRowProblem[] } {
  const want = columns.map((c) => c.header);
  const headerAt = cells.findIndex((r) => want.every((h) => r.map((x) => x.trim()).includes(h)));
  if (headerAt < 0) return { rows: [], problems: [{ rowNumber: 0, message: `找不到表头:${want.join(',')}` }] };
  const header = cells[headerAt].map((x) => x.trim());
  const index = Object.fromEntries(columns.map((c) => [c.field, header.indexOf(c.header)])) as Record<BankReturnField, number>;
  const rows: ReturnRow[] = [];
  const problems: ReturnRowProblem[] = [];
  for (let i = headerAt + 1; i < cells.length; i++) {
    const r = cells[i];
    const rowNumber = i + 1;
    if (r.every((x) => x.trim() === '')) continue;
    const get = (f: BankReturnField) => (index[f] === undefined || index[f] < 0 ? '' : (r[index[f]] ?? '').trim());
    const reference = get('reference');
    if (!reference) {
      problems.push({ rowNumber, message: '缺少业务流水号' });
      continue;
    }
    const amountText = get('amountYuan');
    const amountFen = amountText === '' ? null : yuanTextToFen(amountText);
    if (amountText !== '' && amountFen === null) {
      problems.push({ rowNumber, message: `金额无法识别:${amountText}` });
      continue;
    }
    const result = get('result');
    rows.push({
      rowNumber,
      reference,
      account: get('account').replace(/\s+/g, ''),
      name: get('name'),
      amountFen,
      success: successValues.includes(result),
      failureReason: successValues.includes(result) ? '' : get('failureReason') || result || '银行未说明原因',
    });
  }
  return { rows, problems };
}

export interface ExpectedPayment {
  readonly reference: string;
  readonly account: string | null;
  readonly amountFen: number;
  /** A payment that already has a bank result. */
  readonly settled: boolean;
}

export type ReturnMatch =
  | { readonly rowNumber: number; readonly outcome: 'paid' | 'failed'; readonly reference: string; readonly reason: string }
  | {
      readonly rowNumber: number;
      readonly outcome: 'unknown' | 'duplicate' | 'mismatched' | 'already-settled' | 'unreadable';
      readonly reference: string;
      readonly reason: string;
    };

/**
 * Matches return rows to the run's payments by reference. A row applies only when its reference is
 * the run's, it appears once, and its amount and account agree with what was sent; everything else
 * is reported per row and changes nothing.
 */
export function matchReturnRows(
  rows: readonly ReturnRow[],
  problems: readonly ReturnRowProblem[],
  expected: readonly ExpectedPayment[],
): ReturnMatch[] {
  const byRef = new Map(expected.map((e) => [e.reference, e]));
  const counts = new Map<string, number>();
  for (const r of rows) counts.set(r.reference, (counts.get(r.reference) ?? 0) + 1);
  const out: ReturnMatch[] = problems.map((p) => ({
    rowNumber: p.rowNumber,
    outcome: 'unreadable' as const,
    reference: '',
    reason: p.message,
  }));
  for (const r of rows) {
    const e = byRef.get(r.reference);
    const base = { rowNumber: r.rowNumber, reference: r.reference };
    if (!e) out.push({ ...base, outcome: 'unknown', reason: '本批次没有这个业务流水号' });
    else if ((counts.get(r.reference) ?? 0) > 1) out.push({ ...base, outcome: 'duplicate', reason: '同一业务流水号在回盘文件中出现多次' });
    else if (e.settled) out.push({ ...base, outcome: 'already-settled', reason: '该笔已有银行处理结果' });
    else if (r.amountFen !== null && r.amountFen !== e.amountFen)
      out.push({ ...base, outcome: 'mismatched', reason: '金额与发放文件不一致' });
    else if (r.account !== '' && e.account !== null && r.account !== e.account)
      out.push({ ...base, outcome: 'mismatched', reason: '账号与发放文件不一致' });
    else out.push({ ...base, outcome: r.success ? 'paid' : 'failed', reason: r.failureReason });
  }
  return out.sort((a, b) => a.rowNumber - b.rowNumber);
}
