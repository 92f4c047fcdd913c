import './register-paths';
import type { ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { Client } from 'pg';
import { findPersonalData, type ResolvedDatabase } from '@app/runtime';

/**
 * Personal data never reaches a log: every line the suite logged (API access logs, worker,
 * activities) is searched for unmasked ID or mobile numbers and for the names, ID numbers, phones
 * and addresses of every person the suite created. Any hit fails the run.
 */
async function scanSuiteLogs(): Promise<void> {
  const file = process.env.YIYANG_LOG_FILE;
  const url = process.env.DATABASE_URL;
  if (!file || !url || !existsSync(file)) return;
  const pg = new Client({ connectionString: url });
  await pg.connect();
  try {
    const persons = await pg.query<{ id_number: string; name: string; phone: string | null; address: string | null }>(
      `SELECT id_number, name, phone, address FROM persons UNION ALL SELECT id_number, name, NULL, NULL FROM hardship_roster`,
    );
    const known = {
      idNumbers: persons.rows.map((p) => p.id_number),
      names: persons.rows.map((p) => p.name),
      phones: persons.rows.flatMap((p) => (p.phone ? [p.phone] : [])),
      addresses: persons.rows.flatMap((p) => (p.address ? [p.address] : [])),
    };
    const text = readFileSync(file, 'utf8');
    const findings = findPersonalData(text, known);
    const lines = text.split('\n').length - 1;
    process.stdout.write(`\npersonal-data scan: ${lines} log lines, ${persons.rowCount} people, ${findings.length} findings (${file})\n`);
    if (findings.length > 0) {
      const sample = findings.slice(0, 20).map((f) => `  line ${f.line}: ${f.kind} ${f.sample}`);
      throw new Error(`personal data found in the suite's logs:\n${sample.join('\n')}`);
    }
  } finally {
    await pg.end();
  }
}

export default async function globalTeardown(): Promise<void> {
  const g = globalThis as Record<string, unknown>;
  try {
    await scanSuiteLogs();
  } finally {
    const temporal = g.__temporal as ChildProcess | undefined;
    if (temporal && temporal.exitCode === null) {
      await new Promise<void>((resolve) => {
        const timer = setTimeout(() => {
          temporal.kill('SIGKILL');
          resolve();
        }, 10000);
        temporal.once('exit', () => {
          clearTimeout(timer);
          resolve();
        });
        temporal.kill('SIGINT');
      });
    }
    const db = g.__db as ResolvedDatabase | undefined;
    await db?.stop();
  }
}
