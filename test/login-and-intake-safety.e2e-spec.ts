import { randomUUID } from 'node:crypto';
import { JwtService } from '@nestjs/jwt';
import request from 'supertest';
import { shanghaiDateOf } from '@app/domain/dates';
import { DEMO_PASSWORD } from '@app/persistence';
import { loadConfig } from '@app/runtime';
import { createApiApp } from '../apps/api/src/create-app';
import { auth, ensureUser, fakeIdNumber, startSystem, type TestSystem } from './support/system';

/**
 * Login throttling and lockout, token expiry and revocation, password change, security headers,
 * and retry-safe intake (Idempotency-Key), against the real API and PostgreSQL.
 */
describe('login, sessions and retry-safe intake', () => {
  let sys: TestSystem;
  let seq = 0;
  const login = (username: string, password: string) => sys.http().post('/api/auth/login').send({ username, password });

  beforeAll(async () => {
    sys = await startSystem();
  });
  afterAll(async () => sys.close());

  it('an account is locked after 5 wrong passwords, with a clear Chinese message, a code and Retry-After', async () => {
    const username = `lock.${randomUUID().slice(0, 8)}`;
    await ensureUser(sys.db, username, 'township_officer', '370124001');
    for (let i = 0; i < 5; i++) await login(username, 'wrong-password').expect(401);
    const locked = await login(username, DEMO_PASSWORD);
    expect(locked.status).toBe(429);
    expect(locked.body.code).toBe('LOGIN_LOCKED');
    expect(locked.body.message).toMatch(/登录失败次数过多.*分钟后再试/);
    expect(Number(locked.headers['retry-after'])).toBeGreaterThan(800);
    // Another account from the same address is not locked by it.
    await login('township.yushan', DEMO_PASSWORD).expect(200);
  });

  it('two API processes enforce one lockout: failures counted on either lock the account on both', async () => {
    const username = `lock2.${randomUUID().slice(0, 8)}`;
    await ensureUser(sys.db, username, 'township_officer', '370124001');
    const other = await createApiApp(process.env.DATABASE_URL!, { logger: false });
    await other.init();
    try {
      const loginOther = (password: string) => request(other.getHttpServer()).post('/api/auth/login').send({ username, password });
      await login(username, 'wrong-password').expect(401);
      await loginOther('wrong-password').expect(401);
      await login(username, 'wrong-password').expect(401);
      await loginOther('wrong-password').expect(401);
      // The fifth failure, counted across both processes, locks the account on both.
      await loginOther('wrong-password').expect(401);
      for (const res of [await login(username, DEMO_PASSWORD), await loginOther(DEMO_PASSWORD)]) {
        expect(res.status).toBe(429);
        expect(res.body.code).toBe('LOGIN_LOCKED');
      }
    } finally {
      await other.close();
    }
  });

  it('a token without exp, of an old version, or after logout is refused; logout ends every session', async () => {
    const config = loadConfig();
    const me = await login('township.donge', DEMO_PASSWORD).expect(200);
    const token = me.body.accessToken as string;
    await sys
      .http()
      .get('/api/auth/me')
      .set(...auth(token))
      .expect(200);
    const jwt = new JwtService({ secret: config.jwtSecret });
    const [{ token_version: tv }]: { token_version: number }[] = await sys.db.query('SELECT token_version FROM users WHERE id = $1', [
      me.body.user.id,
    ]);
    const forever = await jwt.signAsync({ sub: me.body.user.id, role: 'township_officer', region: '370124100', name: 'x', tv });
    const noExp = await sys
      .http()
      .get('/api/auth/me')
      .set(...auth(forever));
    expect(noExp.status).toBe(401);
    const other = (await login('township.donge', DEMO_PASSWORD).expect(200)).body.accessToken as string;
    await sys
      .http()
      .post('/api/auth/logout')
      .set(...auth(token))
      .expect(204);
    await sys
      .http()
      .get('/api/auth/me')
      .set(...auth(token))
      .expect(401);
    await sys
      .http()
      .get('/api/auth/me')
      .set(...auth(other))
      .expect(401);
    const again = (await login('township.donge', DEMO_PASSWORD).expect(200)).body.accessToken as string;
    // An admin can end them too.
    await sys
      .http()
      .post(`/api/admin/users/${me.body.user.id}/revoke-sessions`)
      .set(...auth(await sys.token('admin')))
      .expect(200);
    await sys
      .http()
      .get('/api/auth/me')
      .set(...auth(again))
      .expect(401);
    const audit: unknown[] = await sys.db.query(
      `SELECT 1 FROM audit_log WHERE action IN ('logged_out', 'sessions_revoked') AND after->>'userId' = $1`,
      [me.body.user.id],
    );
    expect(audit).toHaveLength(2);
  });

  it('a password change needs the current password, ends earlier sessions and returns a new token', async () => {
    const username = `pw.${randomUUID().slice(0, 8)}`;
    await ensureUser(sys.db, username, 'assessor', '370124');
    const old = (await login(username, DEMO_PASSWORD).expect(200)).body.accessToken as string;
    const wrong = await sys
      .http()
      .post('/api/auth/password')
      .set(...auth(old))
      .send({ currentPassword: 'nope', newPassword: 'Yiyang#2027-new' });
    expect(wrong.status).toBe(401);
    const changed = await sys
      .http()
      .post('/api/auth/password')
      .set(...auth(old))
      .send({ currentPassword: DEMO_PASSWORD, newPassword: 'Yiyang#2027-new' })
      .expect(200);
    await sys
      .http()
      .get('/api/auth/me')
      .set(...auth(old))
      .expect(401);
    await sys
      .http()
      .get('/api/auth/me')
      .set(...auth(changed.body.accessToken))
      .expect(200);
    await login(username, DEMO_PASSWORD).expect(401);
    await login(username, 'Yiyang#2027-new').expect(200);
  });

  it('security headers on every answer; personal data is not cached; the docs page still loads its scripts', async () => {
    const token = await sys.token('township.yushan');
    const res = await sys
      .http()
      .get('/api/cases')
      .set(...auth(token))
      .expect(200);
    expect(res.headers['x-powered-by']).toBeUndefined();
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['x-frame-options']).toBe('DENY');
    const csp = res.headers['content-security-policy'] as string;
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    const docs = await sys.http().get('/api/docs/').redirects(1).expect(200);
    expect(docs.text).not.toMatch(/<script>[^<]/); // no inline script the CSP would block
    for (const src of [...docs.text.matchAll(/<script src="([^"]+)"/g)].map((m) => m[1])) {
      await sys
        .http()
        .get(`/api/docs/${src.replace(/^\.\//, '')}`)
        .expect(200);
    }
  });

  describe('Idempotency-Key on intake', () => {
    const body = () => ({
      caseType: 'hardship-allowance',
      regionCode: '370124001001',
      applicant: { idNumber: fakeIdNumber(shanghaiDateOf(Date.UTC(1941, 2, 1) + ++seq * 86_400_000)), name: '重试老人' },
    });
    const intake = async (key: string | null, b: object) => {
      const req = sys
        .http()
        .post('/api/cases')
        .set(...auth(await sys.token('township.yushan')));
      return (key ? req.set('Idempotency-Key', key) : req).send(b);
    };

    it('the same key and body return the same case, also when sent in parallel', async () => {
      const key = randomUUID();
      const b = body();
      const [a, c] = await Promise.all([intake(key, b), intake(key, b)]);
      expect([a.status, c.status]).toEqual([201, 201]);
      expect(c.body.id).toBe(a.body.id);
      const again = await intake(key, b);
      expect(again.status).toBe(201);
      expect(again.body.id).toBe(a.body.id);
      const cases: unknown[] = await sys.db.query('SELECT 1 FROM cases c JOIN persons p ON p.id = c.person_id WHERE p.id_number = $1', [
        b.applicant.idNumber,
      ]);
      expect(cases).toHaveLength(1);
    });

    it('the same key with another body is a 422 naming the header', async () => {
      const key = randomUUID();
      expect((await intake(key, body())).status).toBe(201);
      const res = await intake(key, body());
      expect(res.status).toBe(422);
      expect(res.body.code).toBe('IDEMPOTENCY_KEY_REUSED');
      expect(res.body.fields[0].field).toBe('Idempotency-Key');
    });

    it('a malformed key is a 400; a key belongs to the user who sent it', async () => {
      const bad = await intake('not a key!', body());
      expect(bad.status).toBe(400);
      const key = randomUUID();
      const b = body();
      const mine = await intake(key, b);
      expect(mine.status).toBe(201);
      const county = await sys
        .http()
        .post('/api/cases')
        .set(...auth(await sys.token('county.approver')))
        .set('Idempotency-Key', key)
        .send(b);
      // Another user's key is another key: the intake runs, and finds the open case.
      expect(county.status).toBe(409);
      expect(county.body).toMatchObject({ code: 'CASE_ALREADY_OPEN', caseId: mine.body.id });
    });
  });

  it('a flood of logins from one address is throttled before any password is checked', async () => {
    const answers = await Promise.all(Array.from({ length: 40 }, () => login('nobody', 'x')));
    const statuses = answers.map((r) => r.status);
    expect(statuses.every((s) => s === 401 || s === 429)).toBe(true);
    const throttled = answers.filter((r) => r.status === 429);
    expect(throttled.length).toBeGreaterThan(0);
    expect(['TOO_MANY_REQUESTS', 'LOGIN_LOCKED']).toContain(throttled[0].body.code);
    expect(throttled[0].headers['retry-after']).toBeDefined();
  });
});
