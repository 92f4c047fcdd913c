import 'reflect-metadata';
import { DataSource, type DataSourceOptions } from 'typeorm';
import { ENTITIES } from './entities';
import { MIGRATIONS } from './migrations';
import { PG_TYPES } from './pg-types';
import { preparingClient } from './prepared-statements';

/** One client class for every pool of this process (each connection keeps its own statement names). */
const PREPARING_CLIENT = preparingClient();

/** The one DataSource definition shared by the API, the worker, the CLI and the TypeORM CLI. */
export function dataSourceOptions(url: string, extra: Partial<DataSourceOptions> = {}): DataSourceOptions {
  return {
    type: 'postgres',
    url,
    entities: ENTITIES,
    migrations: MIGRATIONS,
    migrationsTableName: 'migrations',
    synchronize: false,
    logging: false,
    // Connections per process; the apps pass DB_POOL_SIZE from their validated configuration.
    poolSize: 10,
    ...extra,
    // Column values are parsed once, here, for every connection (see pg-types.ts); a statement with
    // parameters is prepared on its connection the first time it runs there (prepared-statements.ts).
    extra: { Client: PREPARING_CLIENT, ...(extra as { extra?: object }).extra, types: PG_TYPES },
  } as DataSourceOptions;
}

export function createDataSource(url: string, poolSize?: number): DataSource {
  return new DataSource(dataSourceOptions(url, poolSize ? { poolSize } : {}));
}

export async function runMigrations(url: string): Promise<string[]> {
  const ds = createDataSource(url);
  await ds.initialize();
  try {
    const ran = await ds.runMigrations({ transaction: 'each' });
    return ran.map((m) => m.name);
  } finally {
    await ds.destroy();
  }
}

/** For the TypeORM CLI (migration:generate/revert), which runs outside the apps: DATABASE_URL must be set. */
export default new DataSource(dataSourceOptions(process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/yiyang'));
