import { types, type CustomTypesConfig } from 'pg';

/** PostgreSQL type OIDs whose parsing we set. */
const DATE_OID = 1082;
const INT8_OID = 20;

/**
 * How this project's connections parse column values, set once for every DataSource (not
 * process-wide: a plain `pg` client elsewhere keeps the driver's defaults).
 *
 * - `date` stays the 'YYYY-MM-DD' string as stored: business dates are Asia/Shanghai calendar
 *   days, and the driver's default (a `Date` at local midnight) shifts them with the process's
 *   time zone. No `to_char(…, 'YYYY-MM-DD')` is needed to read one.
 * - `int8` (counts, bigserial ids, fen totals, epoch milliseconds) is a number: every value this
 *   system stores is far below 2^53. One that is not (never expected) stays the exact string
 *   rather than a rounded number. `numeric` (what `sum()` of an int8 gives) keeps the driver's
 *   string: it can hold fractions.
 */
export const PG_TYPES: CustomTypesConfig = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') => {
    if (format === 'binary') return types.getTypeParser(oid, format);
    if (oid === DATE_OID) return asStored;
    if (oid === INT8_OID) return int8;
    return types.getTypeParser(oid, format);
  }) as CustomTypesConfig['getTypeParser'],
};

function asStored(value: string): string {
  return value;
}

/** An int8 as a number when it is one exactly, else the string as stored. */
export function int8(value: string): number | string {
  const n = Number(value);
  return Number.isSafeInteger(n) ? n : value;
}
