/**
 * A roster file (困难群众名单) as a county or township exports it: a header row, then one spell
 * per row. Headers may be English (id_number,name,category,region_code,entered_on,left_on) or
 * Chinese (身份证号,姓名,类别,区划代码,纳入日期,退出日期), in any order; left_on may be left out;
 * other columns (序号, 备注 …) are ignored and listed. Every data row is either valid or reported.
 */
import type { BusinessDate } from '../dates';
import { type CsvRecord, isBlankRecord, parseCsv } from './csv';
import { ROSTER_COLUMNS, type RosterColumn, type RosterRow, type RosterRowError, rosterRowError, validateRosterRow } from './roster-row';

export const ROSTER_HEADER_LABELS: Readonly<Record<RosterColumn, string>> = {
  id_number: '身份证号',
  name: '姓名',
  category: '类别',
  region_code: '区划代码',
  entered_on: '纳入日期',
  left_on: '退出日期',
};

const REQUIRED_COLUMNS: readonly RosterColumn[] = ['id_number', 'name', 'category', 'region_code', 'entered_on'];

const HEADER_NAMES: ReadonlyMap<string, RosterColumn> = new Map<string, RosterColumn>([
  ...ROSTER_COLUMNS.map((c) => [c, c] as const),
  ...ROSTER_COLUMNS.map((c) => [ROSTER_HEADER_LABELS[c], c] as const),
]);

export interface RosterFileError {
  /** 'header' for a header that cannot be used, 'body' for the file as a whole. */
  field: 'header' | 'body';
  message: string;
}

export interface RosterFile {
  /** Data rows, blank lines not counted. */
  rowsTotal: number;
  /** Valid rows, in file order. */
  rows: RosterRow[];
  /** Every problem, ordered by row; a row may have several. */
  errors: RosterRowError[];
  /** Header cells that are not roster columns, as written. */
  ignoredColumns: string[];
}

export type RosterFileResult = { ok: true; value: RosterFile } | { ok: false; error: RosterFileError };

export interface RosterFileOptions {
  /** Today in Asia/Shanghai: entry dates after it are refused. */
  today: BusinessDate;
  /** More data rows than this and the file is refused as a whole. */
  maxRows: number;
}

function columnOf(headerCell: string): RosterColumn | undefined {
  const s = headerCell.trim();
  return HEADER_NAMES.get(s) ?? HEADER_NAMES.get(s.toLowerCase());
}

function describe(c: RosterColumn): string {
  return `${ROSTER_HEADER_LABELS[c]}(${c})`;
}

/** The key that makes a spell unique: the same person entering the same category on the same day. */
export function rosterSpellKey(r: Pick<RosterRow, 'idNumber' | 'category' | 'enteredOn'>): string {
  return `${r.idNumber}|${r.category}|${r.enteredOn}`;
}

export function parseRosterCsv(text: string, options: RosterFileOptions): RosterFileResult {
  const records = parseCsv(text).filter((r) => !isBlankRecord(r));
  if (records.length === 0) {
    return { ok: false, error: { field: 'body', message: '文件是空的:应有一行表头和至少一行数据。' } };
  }
  const [header, ...data] = records;
  if (header.error) return { ok: false, error: { field: 'header', message: `表头行有误:${header.error}` } };

  const positions = new Map<RosterColumn, number>();
  const ignoredColumns: string[] = [];
  const duplicated: RosterColumn[] = [];
  header.fields.forEach((cell, index) => {
    const column = columnOf(cell);
    if (column === undefined) {
      if (cell.trim() !== '') ignoredColumns.push(cell.trim());
    } else if (positions.has(column)) {
      duplicated.push(column);
    } else {
      positions.set(column, index);
    }
  });
  if (duplicated.length > 0) {
    return {
      ok: false,
      error: { field: 'header', message: `表头中有重复的列:${duplicated.map(describe).join('、')}。` },
    };
  }
  const missing = REQUIRED_COLUMNS.filter((c) => !positions.has(c));
  if (missing.length > 0) {
    return {
      ok: false,
      error: {
        field: 'header',
        message:
          `缺少列:${missing.map(describe).join('、')}。第一行应为表头,列名为 ` +
          `${ROSTER_COLUMNS.map((c) => ROSTER_HEADER_LABELS[c]).join(',')} 或 ${ROSTER_COLUMNS.join(',')}。`,
      },
    };
  }
  if (data.length === 0) {
    return { ok: false, error: { field: 'body', message: '文件只有表头,没有数据行。' } };
  }
  if (data.length > options.maxRows) {
    return {
      ok: false,
      error: {
        field: 'body',
        message: `文件有 ${data.length} 行数据,一次最多导入 ${options.maxRows} 行,请分成几个文件导入。`,
      },
    };
  }

  const rows: RosterRow[] = [];
  const errors: RosterRowError[] = [];
  const firstRowOfKey = new Map<string, number>();
  for (const record of data) {
    const recordErrors = structuralErrors(record, header.fields.length);
    const values: Partial<Record<RosterColumn, string>> = {};
    for (const [column, index] of positions) values[column] = record.fields[index] ?? '';
    const result = validateRosterRow(record.line, values, options.today);
    if (!result.ok) recordErrors.push(...result.errors);
    if (result.ok && recordErrors.length === 0) {
      const key = rosterSpellKey(result.value);
      const first = firstRowOfKey.get(key);
      if (first === undefined) {
        firstRowOfKey.set(key, record.line);
        rows.push(result.value);
      } else {
        recordErrors.push(rosterRowError(record.line, 'row', 'DUPLICATE_ROW', { firstRow: first }));
      }
    }
    errors.push(...recordErrors);
  }
  return { ok: true, value: { rowsTotal: data.length, rows, errors, ignoredColumns } };
}

function structuralErrors(record: CsvRecord, headerWidth: number): RosterRowError[] {
  const out: RosterRowError[] = [];
  if (record.error) out.push(rosterRowError(record.line, 'row', 'CSV_QUOTING'));
  // Trailing empty cells are what spreadsheets write; values beyond the header are not.
  if (record.fields.slice(headerWidth).some((f) => f.trim() !== '')) {
    out.push(rosterRowError(record.line, 'row', 'TOO_MANY_VALUES', { columns: headerWidth }));
  }
  return out;
}
