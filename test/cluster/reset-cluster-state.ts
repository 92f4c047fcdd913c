/**
 * Drops what a previous `make test-cluster` / `make bench-cluster` run left in PostgreSQL: the
 * running system's database and Temporal's two databases (names from the same variables `up`
 * reads: YIYANG_DB_NAME, TEMPORAL_DB_NAME, TEMPORAL_VISIBILITY_DB_NAME, TEMPORAL_DATABASE_URL).
 * scripts/cluster-lib.sh runs it before it empties the data directory, so every run starts from
 * nothing: the data directory (payload key, JWT secret) belongs to one clone, the databases to the
 * machine, and a fresh clone's new payload key cannot read the schedules and histories an earlier
 * clone encrypted (the workers then stop at start: "payload encrypted with unknown key id").
 */
import { dropDatabaseIfExists, loadConfig, resolveDatabase, temporalDatabaseOptions } from '@app/runtime';

async function main(): Promise<void> {
  const config = loadConfig();
  // The same resolution as `up` (the local server, or the embedded one in the data directory).
  const db = await resolveDatabase({ databaseUrl: config.databaseUrl, databaseName: 'postgres', dataDir: config.dataDir });
  try {
    const app = new URL(db.url);
    const temporal = temporalDatabaseOptions(db.url);
    const admin = (host: string, port: number, user: string, password?: string) => ({ host, port, user, password });
    await dropDatabaseIfExists(
      admin(
        app.hostname,
        Number(app.port || 5432),
        decodeURIComponent(app.username),
        app.password ? decodeURIComponent(app.password) : undefined,
      ),
      config.databaseName,
    );
    const t = admin(temporal.host, temporal.port, temporal.user, temporal.password);
    for (const name of [temporal.databaseName, temporal.visibilityDatabaseName]) await dropDatabaseIfExists(t, name);
    process.stderr.write(
      `cluster: dropped ${config.databaseName}, ${temporal.databaseName}, ${temporal.visibilityDatabaseName} (${db.source})\n`,
    );
  } finally {
    await db.stop();
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`cluster: reset failed: ${String(err)}\n`);
  process.exit(1);
});
