import { execFile } from 'node:child_process';
import type { AddressInfo } from 'node:net';
import { promisify } from 'node:util';
import { historyToJSON } from '@temporalio/common/lib/proto-utils';
import { caseWorkflowId } from '@app/contracts';
import { ensureTemporalCli } from '@app/runtime';
import { CaseDriver } from './support/case-driver';
import { historyPayloads, rawPayloadText } from './support/history';
import { auth, startSystem, type TestSystem } from './support/system';

const run = promisify(execFile);
const COMMENT = '材料齐全,同意受理(编解码测试)';

/**
 * Payloads are encrypted in Temporal; an admin (only) can read them through the API's codec
 * endpoint, which is what the Temporal CLI's --codec-endpoint speaks. Every decryption is audited.
 */
describe('Temporal codec endpoint for operators', () => {
  let sys: TestSystem;
  let caseId: string;
  let history: string;

  beforeAll(async () => {
    sys = await startSystem();
    const drive = new CaseDriver(sys);
    const c = await drive.create('township.yushan', {
      caseType: 'hardship-allowance',
      regionCode: '370124001001',
      birthDate: '1951-05-05',
    });
    caseId = c.id;
    await drive.decide('township.yushan', caseId, 'acceptance', 'accept', { comment: COMMENT });
    history = historyToJSON(await sys.client.workflow.getHandle(caseWorkflowId(caseId)).fetchHistory());
    expect(rawPayloadText(history)).not.toContain(COMMENT);
  });
  afterAll(async () => sys.close());

  const decode = async (username: string, body: unknown) =>
    sys
      .http()
      .post('/api/admin/temporal-codec/decode')
      .set(...auth(await sys.token(username)))
      .set('X-Namespace', 'default')
      .send(body as object);

  it('decrypts a case history for an admin, and audits it', async () => {
    const payloads = historyPayloads(history);
    const res = await decode('admin', { payloads });
    expect(res.status).toBe(200);
    expect(res.body.payloads).toHaveLength(payloads.length);
    const text = (res.body.payloads as { data?: string }[]).map((p) => Buffer.from(p.data ?? '', 'base64').toString('utf8')).join('\n');
    expect(text).toContain(COMMENT);
    const audit: { actor_role: string; after: { namespace: string; payloads: number } }[] = await sys.db.query(
      `SELECT actor_role, after FROM audit_log WHERE action = 'temporal_payloads_decoded' ORDER BY id DESC LIMIT 1`,
    );
    expect(audit[0]).toEqual({ actor_role: 'admin', after: { namespace: 'default', payloads: payloads.length } });
  });

  it('encodes and decodes back (for operators sending inputs with the CLI)', async () => {
    const token = await sys.token('admin');
    const plain = { metadata: { encoding: Buffer.from('json/plain').toString('base64') }, data: Buffer.from('"你好"').toString('base64') };
    const enc = await sys
      .http()
      .post('/api/admin/temporal-codec/encode')
      .set(...auth(token))
      .send({ payloads: [plain] })
      .expect(200);
    expect(Buffer.from(enc.body.payloads[0].metadata.encoding, 'base64').toString()).toBe('binary/encrypted');
    const dec = await decode('admin', enc.body);
    expect(dec.body.payloads).toEqual([plain]);
  });

  it.each(['township.yushan', 'county.approver', 'supervisor.county', 'assessor'])('refuses %s (403)', async (username) => {
    expect((await decode(username, { payloads: historyPayloads(history) })).status).toBe(403);
  });

  it.each([
    [{}, 'payloads'],
    [{ payloads: 'x' }, 'payloads'],
    [{ payloads: [{ metadata: { encoding: '***' } }] }, 'payloads[0].metadata.encoding'],
    [{ payloads: [{ metadata: {}, data: 'not base64!' }] }, 'data'],
    [
      {
        payloads: [
          {
            metadata: {
              encoding: Buffer.from('binary/encrypted').toString('base64'),
              'encryption-key-id': Buffer.from('unknown').toString('base64'),
            },
            data: 'AAAA',
          },
        ],
      },
      'payloads',
    ],
  ])('a malformed or undecryptable body %j is a 400 naming %s', async (body, field) => {
    const res = await decode('admin', body);
    expect(res.status).toBe(400);
    expect(res.body.message).toContain(field);
  });

  it('serves the Temporal CLI: `temporal workflow show --codec-endpoint … --codec-auth …` shows the comment', async () => {
    const server = await sys.api.listen(0, '127.0.0.1');
    try {
      const port = (server.address() as AddressInfo).port;
      const cli = ensureTemporalCli();
      const common = ['workflow', 'show', '-w', caseWorkflowId(caseId), '--address', process.env.TEMPORAL_ADDRESS!, '-o', 'json'];
      const plain = await run(cli, common, { maxBuffer: 64 * 1024 * 1024 });
      expect(rawPayloadText(plain.stdout)).not.toContain(COMMENT);
      const decoded = await run(
        cli,
        [
          ...common,
          '--codec-endpoint',
          `http://127.0.0.1:${port}/api/admin/temporal-codec`,
          '--codec-auth',
          `Bearer ${await sys.token('admin')}`,
        ],
        { maxBuffer: 64 * 1024 * 1024 },
      );
      expect(rawPayloadText(decoded.stdout)).toContain(COMMENT);
    } finally {
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });
});
