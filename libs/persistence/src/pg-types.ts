import { types, type CustomTypesConfig } from 'pg';

/** PostgreSQL type OIDs whose parsing we set. */
const DATE_OID = 1082;

/**
 * How this project's connections parse column values, set once for every DataSource (not
 * process-wide: a plain `pg` client elsewhere keeps the driver's defaults).
 *
 * - `date` stays the 'YYYY-MM-DD' string as stored: business dates are Asia/Shanghai calendar
 *   days, and the driver's default (a `Date` at local midnight) shifts them with the process's
 *   time zone. No `to_char(…, 'YYYY-MM-DD')` is needed to read one.
 * - `int8` (counts, bigserial ids, fen totals, epoch milliseconds) keeps the driver's string:
 *   tests and activities still read some as strings ('1' from `count(*)`), so turning them into
 *   numbers here would change what they receive; counts that leave a repository are `::int`
 *   or TypeORM's `getCount()`.
 */
export const PG_TYPES: CustomTypesConfig = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    oid === DATE_OID && format !== 'binary' ? asStored : types.getTypeParser(oid, format)) as CustomTypesConfig['getTypeParser'],
};

function asStored(value: string): string {
  return value;
}
