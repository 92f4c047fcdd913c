import { randomUUID } from 'node:crypto';
import { Pool } from 'pg';

/** The floor's table (bench/engine/floor-api.ts creates it in the benchmark's database). */
export const FLOOR_TABLE = 'bench_floor_rows';

let pool: Pool | null = null;

/**
 * The raw workflow's activities: `record` does no work, so only the engine's hand-off is measured;
 * `recordRow` commits one PostgreSQL row (the floor worker only: FLOOR_DATABASE_URL).
 */
export const rawActivities = {
  async record(): Promise<void> {
    return undefined;
  },
  async recordRow(): Promise<void> {
    pool ??= new Pool({ connectionString: process.env.FLOOR_DATABASE_URL, max: 10 });
    await pool.query(`INSERT INTO ${FLOOR_TABLE} (id) VALUES ($1)`, [randomUUID()]);
  },
};

export type RawActivities = typeof rawActivities;
