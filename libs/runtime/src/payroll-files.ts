import { createHash } from 'node:crypto';
import ExcelJS from 'exceljs';
import { stringify } from 'csv-stringify/sync';
import { parse } from 'csv-parse/sync';
import iconv from 'iconv-lite';
import type { BankSheet } from '@app/domain/payroll';

/** Bank files in the three forms banks ask for, and return files read back whatever their encoding. */

export type BankFileFormat = 'xlsx' | 'csv-utf8' | 'csv-gbk';

export interface BuiltFile {
  format: BankFileFormat;
  content: Buffer;
  sha256: string;
}

const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');

export async function bankXlsx(sheet: BankSheet, meta: { title: string; month: string }): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  // Fixed document dates: the same run exports the same workbook content.
  wb.creator = 'Yiyang';
  wb.created = new Date(`${meta.month}-01T00:00:00Z`);
  wb.modified = wb.created;
  const ws = wb.addWorksheet(meta.title.slice(0, 31));
  // Every cell is text ('@'): ID and account numbers keep all their digits, amounts their two decimals.
  const width = Math.max(sheet.totals.length, sheet.header.length);
  for (let c = 1; c <= width; c++) ws.getColumn(c).numFmt = '@';
  for (const row of [sheet.totals, sheet.header, ...sheet.rows]) ws.addRow([...row]);
  ws.getRow(2).font = { bold: true };
  return fixZipTimestamps(Buffer.from(await wb.xlsx.writeBuffer()), wb.created);
}

/**
 * The zip inside an XLSX stamps every entry with the time it was written; this sets them all to
 * one date so the same sheet always gives the same bytes (a resumed release stores what the
 * first would have). Walks the central directory and patches each entry and its local header.
 */
export function fixZipTimestamps(zip: Buffer, at: Date): Buffer {
  const out = Buffer.from(zip);
  const eocd = out.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  if (eocd < 0) return out;
  const dosTime = (at.getUTCHours() << 11) | (at.getUTCMinutes() << 5) | Math.floor(at.getUTCSeconds() / 2);
  const dosDate = ((at.getUTCFullYear() - 1980) << 9) | ((at.getUTCMonth() + 1) << 5) | at.getUTCDate();
  let p = out.readUInt32LE(eocd + 16);
  const entries = out.readUInt16LE(eocd + 10);
  for (let i = 0; i < entries && out.readUInt32LE(p) === 0x02014b50; i++) {
    out.writeUInt16LE(dosTime, p + 12);
    out.writeUInt16LE(dosDate, p + 14);
    const local = out.readUInt32LE(p + 42);
    if (out.readUInt32LE(local) === 0x04034b50) {
      out.writeUInt16LE(dosTime, local + 10);
      out.writeUInt16LE(dosDate, local + 12);
    }
    p += 46 + out.readUInt16LE(p + 28) + out.readUInt16LE(p + 30) + out.readUInt16LE(p + 32);
  }
  return out;
}

export function bankCsv(sheet: BankSheet, encoding: 'utf-8' | 'gbk'): Buffer {
  const text = stringify([sheet.totals, sheet.header, ...sheet.rows], { record_delimiter: '\r\n' });
  // UTF-8 with a byte-order mark so Excel opens it as UTF-8; GBK for banks whose systems predate Unicode.
  return encoding === 'gbk' ? iconv.encode(text, 'gbk') : Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text, 'utf8')]);
}

export async function buildBankFiles(sheet: BankSheet, meta: { title: string; month: string }, csvEncodings: readonly ('utf-8' | 'gbk')[]) {
  const files: BuiltFile[] = [];
  const xlsx = await bankXlsx(sheet, meta);
  files.push({ format: 'xlsx', content: xlsx, sha256: sha256(xlsx) });
  for (const enc of csvEncodings) {
    const csv = bankCsv(sheet, enc);
    files.push({ format: enc === 'gbk' ? 'csv-gbk' : 'csv-utf8', content: csv, sha256: sha256(csv) });
  }
  return files;
}

/** Text of a CSV whose encoding the bank did not say: UTF-8 when it decodes as such, else GB18030 (a superset of GBK). */
export function decodeCsv(content: Buffer): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(content).replace(/^\ufeff/, '');
  } catch {
    return new TextDecoder('gb18030').decode(content);
  }
}

/** A return file's cells as text: XLSX (first sheet) or CSV in UTF-8 or GBK. */
export async function readReturnCells(content: Buffer, fileName: string): Promise<string[][]> {
  const isZip = content.length > 4 && content[0] === 0x50 && content[1] === 0x4b;
  if (isZip || /\.xlsx$/i.test(fileName)) {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(content as unknown as ArrayBuffer);
    const ws = wb.worksheets[0];
    const rows: string[][] = [];
    ws?.eachRow({ includeEmpty: true }, (row, n) => {
      const cells: string[] = [];
      row.eachCell({ includeEmpty: true }, (cell, c) => {
        cells[c - 1] = cell.text ?? '';
      });
      rows[n - 1] = Array.from(cells, (x) => x ?? '');
    });
    return Array.from(rows, (r) => r ?? []);
  }
  return parse(decodeCsv(content), { relax_column_count: true, skip_empty_lines: false, bom: true }) as string[][];
}
