/**
 * A small RFC 4180 reader for uploaded spreadsheets: comma-separated, fields optionally in double
 * quotes ("" inside quotes is one quote), quoted fields may hold commas and line breaks. Accepts
 * what spreadsheet programs actually write: a UTF-8 byte-order mark, CRLF, LF or CR line ends, a
 * missing final line end. Problems are reported per record so one bad line never hides the rest.
 */

export interface CsvRecord {
  /** 1-based line on which the record starts (the header is line 1), as a spreadsheet numbers it. */
  line: number;
  fields: string[];
  /** Set when the record is malformed; its fields are the best reading of it. */
  error?: string;
}

const BOM = 0xfeff;

export function parseCsv(input: string): CsvRecord[] {
  const text = input.length > 0 && input.charCodeAt(0) === BOM ? input.slice(1) : input;
  const n = text.length;
  const records: CsvRecord[] = [];
  let i = 0;
  let line = 1;

  while (i < n) {
    const record: CsvRecord = { line, fields: [] };
    let field = '';
    let inQuotes = false;
    let afterClosingQuote = false;
    let endOfRecord = false;

    while (i < n && !endOfRecord) {
      const c = text[i];
      if (inQuotes) {
        if (c === '"') {
          if (text[i + 1] === '"') {
            field += '"';
            i += 2;
          } else {
            inQuotes = false;
            afterClosingQuote = true;
            i++;
          }
        } else if (c === '\r' || c === '\n') {
          // A line break inside quotes belongs to the field; it still advances the line count.
          i += c === '\r' && text[i + 1] === '\n' ? 2 : 1;
          line++;
          field += '\n';
        } else {
          field += c;
          i++;
        }
        continue;
      }
      if (c === ',') {
        record.fields.push(field);
        field = '';
        afterClosingQuote = false;
        i++;
      } else if (c === '\r' || c === '\n') {
        i += c === '\r' && text[i + 1] === '\n' ? 2 : 1;
        line++;
        endOfRecord = true;
      } else if (afterClosingQuote) {
        // Spaces after a closing quote are harmless; anything else means the quoting is broken.
        if (c !== ' ' && c !== '\t') {
          record.error ??= '字段的右引号后还有文字,请将整个字段用英文引号括起,字段内的引号写两遍。';
          field += c;
        }
        i++;
      } else if (c === '"' && field.trim() === '') {
        // A quote opens a quoted field only at its start (leading spaces allowed).
        inQuotes = true;
        field = '';
        i++;
      } else {
        // A quote in the middle of an unquoted field is kept as text, as spreadsheets do.
        field += c;
        i++;
      }
    }
    if (inQuotes) record.error = '有引号直到文件末尾仍未闭合。';
    record.fields.push(field);
    records.push(record);
  }
  return records;
}

/** A record with nothing in it: an empty line, only spaces, or only separators (",,,"). */
export function isBlankRecord(record: CsvRecord): boolean {
  return record.error === undefined && record.fields.every((f) => f.trim() === '');
}
