import ExcelJS from 'exceljs';
import { bankSheet, DEFAULT_BANK_FILE_COLUMNS } from '@app/domain/payroll';
import { buildBankFiles, decodeCsv, readReturnCells } from './payroll-files';

const sheet = bankSheet(
  [
    {
      reference: 'P2026053701240001-0000001',
      name: '测试老人甲',
      idNumber: '11010519491231002X',
      account: '6217001234567890123',
      bankName: '农商银行',
      amountFen: 8000,
      item: '经济困难老年人补贴',
      period: '2026-05',
    },
  ],
  DEFAULT_BANK_FILE_COLUMNS,
  { batch: 'PR-370124-2026-05-ab12', township: '榆山街道', month: '2026-05' },
);

describe('bank files', () => {
  it('the same sheet gives byte-identical files, whenever they are built', async () => {
    const a = await buildBankFiles(sheet, { title: '榆山街道', month: '2026-05' }, ['utf-8', 'gbk']);
    await new Promise((r) => setTimeout(r, 2100)); // the zip's timestamps have a 2-second resolution
    const b = await buildBankFiles(sheet, { title: '榆山街道', month: '2026-05' }, ['utf-8', 'gbk']);
    expect(a.map((f) => f.format)).toEqual(['xlsx', 'csv-utf8', 'csv-gbk']);
    expect(b.map((f) => f.sha256)).toEqual(a.map((f) => f.sha256));
  });

  it('stores ID and account numbers as text in the XLSX and reads back the same cells', async () => {
    const [xlsx, utf8, gbk] = await buildBankFiles(sheet, { title: '榆山街道', month: '2026-05' }, ['utf-8', 'gbk']);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(xlsx.content as unknown as ArrayBuffer);
    const row = wb.worksheets[0].getRow(3);
    expect(row.getCell(3).value).toBe('11010519491231002X');
    expect(row.getCell(4).value).toBe('6217001234567890123');
    expect(row.getCell(3).numFmt).toBe('@');
    expect(await readReturnCells(xlsx.content, 'x.xlsx')).toEqual([[...sheet.totals], [...sheet.header], [...sheet.rows[0]]]);
    // UTF-8 with a BOM and GBK decode to the same text; GBK is not valid UTF-8.
    expect(utf8.content.subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
    expect(decodeCsv(gbk.content)).toBe(decodeCsv(utf8.content));
    expect(() => new TextDecoder('utf-8', { fatal: true }).decode(gbk.content)).toThrow();
    expect(await readReturnCells(gbk.content, 'x.csv')).toEqual([[...sheet.totals], [...sheet.header], [...sheet.rows[0]]]);
  });
});
