import { statSync } from 'node:fs';
import { join } from 'node:path';
import { projectRoot } from '@app/runtime';
import { ensureConsoleBuilt } from './support/browser';
import { auth, startSystem, type TestSystem } from './support/system';

/** The console is served by the API at /console; saved inbox views are kept per user on the server. */
describe('console serving and saved views', () => {
  let sys: TestSystem;
  beforeAll(async () => {
    ensureConsoleBuilt();
    sys = await startSystem();
  });
  afterAll(async () => sys.close());

  it('serves the app at /console, deep links return the app, /api keeps JSON 404s', async () => {
    const root = await sys.http().get('/console/').expect(200);
    expect(root.headers['content-type']).toMatch(/text\/html/);
    expect(root.text).toContain('<div id="root"></div>');
    expect(root.text).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/); // no inline scripts (CSP-ready)
    const deep = await sys.http().get('/console/cases/5b0e8a52-3f5c-4b7e-9a51-2f8d7c1e0a11').expect(200);
    expect(deep.text).toBe(root.text);
    expect(deep.headers['cache-control']).toBe('no-cache');
    const asset = /src="(\/console\/assets\/[^"]+\.js)"/.exec(root.text)![1];
    const js = await sys.http().get(asset).set('Accept-Encoding', 'gzip').expect(200);
    expect(js.headers['content-encoding']).toBe('gzip');
    expect(js.headers['cache-control']).toContain('immutable');
    // Served from the file the build compressed (its exact length), not compressed on the fly.
    const onDisk = join(projectRoot(), 'dist', asset.replace(/^\//, ''));
    expect(Number(js.headers['content-length'])).toBe(statSync(`${onDisk}.gz`).size);
    const br = await sys.http().get(asset).set('Accept-Encoding', 'gzip, deflate, br').expect(200);
    expect(br.headers['content-encoding']).toBe('br');
    expect(Number(br.headers['content-length'])).toBe(statSync(`${onDisk}.br`).size);
    const plain = await sys.http().get(asset).set('Accept-Encoding', 'identity').expect(200);
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(Number(plain.headers['content-length'])).toBe(statSync(onDisk).size);
    const missing = await sys.http().get('/api/no-such-route').expect(404);
    expect(missing.headers['content-type']).toMatch(/application\/json/);
    expect(missing.body.statusCode).toBe(404);
  });

  it('keeps saved views per user: create, list, duplicate name 409, bad filter 400, others cannot delete', async () => {
    const mine = await sys.token('township.yushan');
    const other = await sys.token('township.donge');
    const name = `逾期审核-${Date.now()}`;
    const created = await sys
      .http()
      .post('/api/saved-views')
      .set(...auth(mine))
      .send({ name, filters: { scope: 'role', step: 'review', overdue: 'true', dueWithinWorkingDays: 3 } })
      .expect(201);
    expect(created.body).toMatchObject({ name, filters: { scope: 'role', step: 'review', overdue: 'true', dueWithinWorkingDays: 3 } });

    const list = await sys
      .http()
      .get('/api/saved-views')
      .set(...auth(mine))
      .expect(200);
    expect(list.body.map((v: { name: string }) => v.name)).toContain(name);
    const theirs = await sys
      .http()
      .get('/api/saved-views')
      .set(...auth(other))
      .expect(200);
    expect(theirs.body.map((v: { name: string }) => v.name)).not.toContain(name);

    const dup = await sys
      .http()
      .post('/api/saved-views')
      .set(...auth(mine))
      .send({ name, filters: {} })
      .expect(409);
    expect(dup.body).toMatchObject({ code: 'CONFLICT', fields: [{ field: 'name' }] });
    const bad = await sys
      .http()
      .post('/api/saved-views')
      .set(...auth(mine))
      .send({ name: 'x', filters: { step: 'nope' } })
      .expect(400);
    expect(JSON.stringify(bad.body.fields)).toContain('step');
    // Each field's message is Chinese, from the rule broken (here @IsIn, with its values).
    expect(bad.body.fields).toContainEqual({ field: 'filters.step', message: expect.stringMatching(/^只能是以下之一:.*review/) });
    await sys
      .http()
      .post('/api/saved-views')
      .set(...auth(mine))
      .send({ name: 'y', filters: { evil: 1 } })
      .expect(400);

    await sys
      .http()
      .delete(`/api/saved-views/${created.body.id}`)
      .set(...auth(other))
      .expect(404);
    await sys
      .http()
      .delete(`/api/saved-views/${created.body.id}`)
      .set(...auth(mine))
      .expect(204);
    const after = await sys
      .http()
      .get('/api/saved-views')
      .set(...auth(mine))
      .expect(200);
    expect(after.body.map((v: { name: string }) => v.name)).not.toContain(name);
  });

  it('lists the users a supervisor may reassign a task to, within the supervisor’s region only', async () => {
    const sup = await sys.token('supervisor.yushan');
    const res = await sys
      .http()
      .get('/api/supervision/assignees')
      .query({ role: 'township_officer', regionCode: '370124001001' })
      .set(...auth(sup))
      .expect(200);
    expect(res.body.map((u: { displayName: string }) => u.displayName)).toContain('榆山街道经办人(演示)');
    expect(res.body.map((u: { displayName: string }) => u.displayName)).not.toContain('东阿镇经办人(演示)');
    const outside = await sys
      .http()
      .get('/api/supervision/assignees')
      .query({ role: 'township_officer', regionCode: '370124100' })
      .set(...auth(sup))
      .expect(200);
    expect(outside.body).toEqual([]);
  });
});
