import { readFileSync } from 'node:fs';
import { auth, fakeIdNumber, startSystem, type TestSystem } from './support/system';

/**
 * Logs: one access line per request with a request id (the caller's X-Request-Id when it sends
 * one), the path with ID numbers masked, and nothing of the body. The whole suite's log is scanned
 * for personal data at the end (test/setup/global-teardown.ts).
 */
describe('HTTP access logs and request ids', () => {
  let sys: TestSystem;
  const file = process.env.YIYANG_LOG_FILE!;
  beforeAll(async () => {
    sys = await startSystem();
  });
  afterAll(async () => sys.close());

  const entries = () =>
    readFileSync(file, 'utf8')
      .split('\n')
      .filter((l) => l.trim() !== '')
      .map(
        (l) =>
          JSON.parse(l) as {
            service?: string;
            msg?: string;
            req?: { id: string; method: string; url: string };
            res?: { statusCode: number };
          },
      );

  it('answers with a request id and logs the request under it', async () => {
    const res = await sys.http().get('/api/health').set('X-Request-Id', 'probe-req-0001').expect(200);
    expect(res.headers['x-request-id']).toBe('probe-req-0001');
    const generated = (await sys.http().get('/api/health').set('X-Request-Id', 'bad id with spaces')).headers['x-request-id'];
    expect(generated).toMatch(/^[0-9a-f-]{36}$/);
    const line = entries().find((e) => e.req?.id === 'probe-req-0001');
    expect(line).toMatchObject({ service: 'api', req: { method: 'GET', url: '/api/health' }, res: { statusCode: 200 }, msg: 'GET 200' });
    expect(entries().some((e) => e.req?.id === generated)).toBe(true);
  });

  it('masks an ID number in the path and never logs a body', async () => {
    const idNumber = fakeIdNumber('1948-05-12');
    const token = await sys.token('township.yushan');
    await sys
      .http()
      .get(`/api/roster/person/${idNumber}`)
      .set(...auth(token))
      .set('X-Request-Id', 'probe-req-0002');
    await sys
      .http()
      .post('/api/cases')
      .set(...auth(token))
      .set('X-Request-Id', 'probe-req-0003')
      .send({
        caseType: 'hardship-allowance',
        regionCode: '370124001001',
        applicant: { idNumber, name: '日志测试人', phone: '13955556666' },
      });
    const lookup = entries().find((e) => e.req?.id === 'probe-req-0002');
    expect(lookup?.req?.url).toBe(`/api/roster/person/${idNumber.slice(0, 4)}**********${idNumber.slice(14)}`);
    expect(entries().find((e) => e.req?.id === 'probe-req-0003')).toMatchObject({ req: { method: 'POST', url: '/api/cases' } });
    const text = readFileSync(file, 'utf8');
    expect(text).not.toContain(idNumber);
    expect(text).not.toContain('日志测试人');
    expect(text).not.toContain('13955556666');
  });
});
