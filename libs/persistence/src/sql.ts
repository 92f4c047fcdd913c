import type { DataSource, EntityManager, QueryDeepPartialEntity } from 'typeorm';

/**
 * The rows of an `UPDATE … RETURNING`. TypeORM's PostgreSQL driver answers UPDATE and DELETE with
 * `[rows, affectedCount]`, not the rows, so `result.length` of a plain `query()` is always 2.
 */
export async function updateReturning<T>(db: DataSource | EntityManager, sql: string, params: unknown[]): Promise<T[]> {
  const result: unknown = await db.query(sql, params);
  if (Array.isArray(result) && result.length === 2 && Array.isArray(result[0]) && typeof result[1] === 'number') return result[0] as T[];
  return result as T[];
}

/**
 * A value for a jsonb column in a query-builder insert or update. TypeORM's deep-partial typing
 * cannot see through `unknown` inside a JSON document (`Record<string, unknown>`); the driver
 * stores the value as JSON all the same.
 */
export function jsonb<T>(value: T): QueryDeepPartialEntity<T> {
  return value as QueryDeepPartialEntity<T>;
}
