import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from './free-port';
import { isListening, startTemporalDevServer } from './temporal-server';

describe('startTemporalDevServer', () => {
  let other: Server;
  let port: number;

  beforeEach(async () => {
    other = createServer((socket) => socket.end());
    await new Promise<void>((resolve) => other.listen(0, '127.0.0.1', resolve));
    port = (other.address() as { port: number }).port;
  });
  afterEach(async () => {
    await new Promise<void>((resolve) => other.close(() => resolve()));
  });

  it('refuses a port that something else already listens on, instead of going on with it', async () => {
    await expect(
      startTemporalDevServer({ cliPath: '/nonexistent/temporal', port, logFile: join(tmpdir(), `yiyang-ts-spec-${port}.log`) }),
    ).rejects.toThrow(`port ${port} is already in use`);
  });

  it('tells a listening port from a free one', async () => {
    expect(await isListening(port)).toBe(true);
    expect(await isListening(await freePort())).toBe(false);
  });
});
