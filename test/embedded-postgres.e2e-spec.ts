import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

/**
 * Where no PostgreSQL answers on 127.0.0.1:5432 and DATABASE_URL is unset, the system runs an
 * embedded PostgreSQL in its data directory. This starts one for real (in a child process),
 * migrates it, stops it and starts it again to show the data stays.
 */
describe('embedded PostgreSQL fallback', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'yiyang-embedded-'));
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('initialises, migrates, and keeps data across a restart', async () => {
    const root = join(__dirname, '..');
    const port = 55000 + Math.floor(Math.random() * 500);
    const { stdout } = await promisify(execFile)(
      process.execPath,
      [
        '-r',
        'ts-node/register/transpile-only',
        '-r',
        'tsconfig-paths/register',
        join(__dirname, 'support', 'embedded-pg-check.ts'),
        dataDir,
        String(port),
      ],
      { cwd: root, env: { ...process.env, TS_NODE_PROJECT: join(root, 'tsconfig.json') }, timeout: 90000 },
    );
    const result = JSON.parse(stdout.trim().split('\n').pop()!);
    expect(result).toEqual({ source: 'embedded', migrated: expect.any(Number), county: '平阴县', migratedAgain: 0 });
    expect(result.migrated).toBeGreaterThan(3);
  });
});
