import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { freePort } from '@app/runtime';

/**
 * Where no PostgreSQL answers on 127.0.0.1:5432 and DATABASE_URL is unset, the system runs an
 * embedded PostgreSQL in its data directory. This starts one for real (in a child process),
 * migrates it, stops it and starts it again to show the data stays.
 */
describe('embedded PostgreSQL fallback', () => {
  const root = join(__dirname, '..');
  const dirs: string[] = [];
  const newDataDir = () => {
    const dir = mkdtempSync(join(tmpdir(), 'yiyang-embedded-'));
    dirs.push(dir);
    return dir;
  };
  afterAll(() => dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

  /** The check (test/support/embedded-pg-check.ts) in its own Node process. */
  const check = (dataDir: string, port: number) =>
    promisify(execFile)(
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

  it('initialises, migrates, and keeps data across a restart', async () => {
    // A port the OS has just handed out free (a random one could be a live connection's local port).
    const { stdout } = await check(newDataDir(), await freePort());
    const result = JSON.parse(stdout.trim().split('\n').pop()!);
    expect(result).toEqual({ source: 'embedded', migrated: expect.any(Number), county: '平阴县', migratedAgain: 0 });
    expect(result.migrated).toBeGreaterThan(3);
  });

  it('says why when the server cannot start (its port is taken), in the server’s own words', async () => {
    const taken = createServer();
    await new Promise<void>((resolve) => taken.listen(0, resolve)); // every address, IPv4 and IPv6
    try {
      const port = (taken.address() as AddressInfo).port;
      const failure = await check(newDataDir(), port).then(
        () => null,
        (err: { stderr: string }) => err.stderr,
      );
      expect(failure).toContain(`did not start on port ${port}`);
      expect(failure).toMatch(/could not bind|could not create any TCP\/IP sockets/);
    } finally {
      await new Promise<void>((resolve) => taken.close(() => resolve()));
    }
  });
});
