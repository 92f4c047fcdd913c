import { randomUUID } from 'node:crypto';
import { DEMO_PASSWORD } from '@app/persistence';
import { hashPassword } from '@app/runtime';
import { auth, startSystem, type TestSystem } from './support/system';

/** A county of its own with its own admin: no other file uses 379950. */
const OTHER_COUNTY = '379950';
const OTHER_TOWNSHIP = '379950001';
/** 孔村镇 of the demo county. */
const KONGCUN = '370124102';

describe('care homes and beds managed by a county admin', () => {
  let sys: TestSystem;
  let admin: string;
  let otherAdmin: string;
  let county: string;
  const suffix = randomUUID().slice(0, 8);

  beforeAll(async () => {
    sys = await startSystem();
    await sys.db.query(
      `INSERT INTO regions (code, name, level, parent_code, is_demo) VALUES ($1, '测试机构外县', 'county', NULL, true), ($2, '测试机构外县镇', 'township', $1, true)
       ON CONFLICT DO NOTHING`,
      [OTHER_COUNTY, OTHER_TOWNSHIP],
    );
    await sys.db.query(
      `INSERT INTO users (username, password_hash, display_name, role, region_code) VALUES ('homes.other.admin', $1, '外县管理员', 'admin', $2)
       ON CONFLICT (username) DO NOTHING`,
      [await hashPassword(DEMO_PASSWORD), OTHER_COUNTY],
    );
    admin = await sys.token('admin');
    otherAdmin = await sys.token('homes.other.admin');
    county = await sys.token('county.approver');
  });
  afterAll(async () => sys.close());

  const api = (token: string, method: 'get' | 'post' | 'patch' | 'delete', path: string, body?: object) => {
    const http = sys.http();
    const req = http[method](`/api${path}`).set(...auth(token));
    return body ? req.send(body) : req;
  };
  const auditOf = async (action: string, key: string) =>
    (await sys.db.query(
      `SELECT actor_role, region_code, before, after, reason FROM audit_log WHERE action = $1 AND event_key LIKE $2 ORDER BY at`,
      [action, `%${key}%`],
    )) as {
      actor_role: string;
      region_code: string;
      before: Record<string, unknown> | null;
      after: Record<string, unknown>;
      reason: string | null;
    }[];

  it('creates a home, edits it, adds beds, takes one out of service and back, with audit rows before/after', async () => {
    const name = `孔村镇敬老院-${suffix}`;
    const created = await api(admin, 'post', '/care-homes', { name, regionCode: KONGCUN, address: '平阴县孔村镇政府街 12 号' }).expect(201);
    const homeId = created.body.id as string;
    expect(created.body).toMatchObject({
      name,
      regionCode: KONGCUN,
      regionName: '孔村镇',
      address: '平阴县孔村镇政府街 12 号',
      tracksCareLevel: false,
      beds: { total: 0, free: 0, reserved: 0, occupied: 0, outOfService: 0 },
      occupancyPct: 0,
    });
    expect(await auditOf('care_home_created', homeId)).toEqual([
      expect.objectContaining({
        actor_role: 'admin',
        region_code: KONGCUN,
        before: null,
        after: expect.objectContaining({ homeId, name }),
      }),
    ]);

    // Same name in the same region: 409 on the field.
    const dup = await api(admin, 'post', '/care-homes', { name, regionCode: KONGCUN }).expect(409);
    expect(dup.body).toMatchObject({ code: 'CONFLICT', fields: [{ field: 'name' }] });

    const edited = await api(admin, 'patch', `/care-homes/${homeId}`, { name: `${name}(新)`, address: null, tracksCareLevel: true }).expect(
      200,
    );
    expect(edited.body).toMatchObject({ name: `${name}(新)`, address: null, tracksCareLevel: true });
    expect(await auditOf('care_home_updated', homeId)).toEqual([
      expect.objectContaining({
        before: { name, address: '平阴县孔村镇政府街 12 号', tracksCareLevel: false },
        after: { homeId, name: `${name}(新)`, address: null, tracksCareLevel: true },
      }),
    ]);

    const bed1 = await api(admin, 'post', `/care-homes/${homeId}/beds`, { label: '101-1', careLevel: 'partial' }).expect(201);
    expect(bed1.body).toMatchObject({ label: '101-1', careLevel: 'partial', status: 'free', caseId: null, everUsed: false });
    await api(admin, 'post', `/care-homes/${homeId}/beds`, { label: '101-2' }).expect(201);
    const dupBed = await api(admin, 'post', `/care-homes/${homeId}/beds`, { label: '101-1' }).expect(409);
    expect(dupBed.body).toMatchObject({ code: 'CONFLICT', fields: [{ field: 'label' }] });
    expect(await auditOf('bed_added', bed1.body.id)).toEqual([
      expect.objectContaining({ after: expect.objectContaining({ label: '101-1', status: 'free' }) }),
    ]);

    const out = await api(admin, 'post', `/care-homes/${homeId}/beds/${bed1.body.id}/out-of-service`, { reason: '房间漏水维修' });
    expect(out.body).toMatchObject({ status: 'out_of_service' });
    expect(out.status).toBe(200);
    // Repeating it changes nothing and writes no second audit row.
    await api(admin, 'post', `/care-homes/${homeId}/beds/${bed1.body.id}/out-of-service`, {}).expect(200);
    expect(await auditOf('bed_out_of_service', bed1.body.id)).toEqual([
      expect.objectContaining({
        before: { status: 'free' },
        after: expect.objectContaining({ status: 'out_of_service' }),
        reason: '房间漏水维修',
      }),
    ]);
    const home = await api(county, 'get', `/care-homes/${homeId}`).expect(200);
    expect(home.body.beds).toEqual({ total: 2, free: 1, reserved: 0, occupied: 0, outOfService: 1 });

    const back = await api(admin, 'post', `/care-homes/${homeId}/beds/${bed1.body.id}/in-service`).expect(200);
    expect(back.body.status).toBe('free');
    expect(await auditOf('bed_in_service', bed1.body.id)).toHaveLength(1);

    const beds = await api(county, 'get', `/care-homes/${homeId}/beds`).expect(200);
    expect((beds.body as { label: string; status: string }[]).map((b) => [b.label, b.status])).toEqual([
      ['101-1', 'free'],
      ['101-2', 'free'],
    ]);

    // A bed registered by mistake and never used can be deleted.
    await api(admin, 'delete', `/care-homes/${homeId}/beds/${bed1.body.id}`).expect(204);
    expect(await auditOf('bed_deleted', bed1.body.id)).toHaveLength(1);
  });

  it('refuses with 409 BED_IN_USE to take an occupied bed out of service or to delete it', async () => {
    const created = await api(admin, 'post', '/care-homes', { name: `在住测试院-${suffix}`, regionCode: KONGCUN }).expect(201);
    const homeId = created.body.id as string;
    // A resident from before the system: occupied without a case.
    const [{ id: bedId }]: { id: string }[] = await sys.db.query(
      `INSERT INTO beds (home_id, label, status) VALUES ($1, '201', 'occupied') RETURNING id`,
      [homeId],
    );
    const out = await api(admin, 'post', `/care-homes/${homeId}/beds/${bedId}/out-of-service`, {}).expect(409);
    expect(out.body).toMatchObject({ code: 'BED_IN_USE', fields: [{ field: 'bedId' }] });
    const del = await api(admin, 'delete', `/care-homes/${homeId}/beds/${bedId}`).expect(409);
    expect(del.body.code).toBe('BED_IN_USE');
    const [{ status }]: { status: string }[] = await sys.db.query('SELECT status FROM beds WHERE id = $1', [bedId]);
    expect(status).toBe('occupied');
    expect(await auditOf('bed_out_of_service', bedId)).toEqual([]);
  });

  it("another county's admin cannot see or touch the home (404); other roles cannot manage homes (403)", async () => {
    const created = await api(admin, 'post', '/care-homes', { name: `辖区测试院-${suffix}`, regionCode: KONGCUN }).expect(201);
    const homeId = created.body.id as string;
    const bed = await api(admin, 'post', `/care-homes/${homeId}/beds`, { label: '1' }).expect(201);

    await api(otherAdmin, 'get', `/care-homes/${homeId}`).expect(404);
    await api(otherAdmin, 'patch', `/care-homes/${homeId}`, { name: '改名' }).expect(404);
    await api(otherAdmin, 'post', `/care-homes/${homeId}/beds`, { label: '2' }).expect(404);
    await api(otherAdmin, 'post', `/care-homes/${homeId}/beds/${bed.body.id}/out-of-service`, {}).expect(404);
    await api(otherAdmin, 'delete', `/care-homes/${homeId}/beds/${bed.body.id}`).expect(404);
    const list = await api(otherAdmin, 'get', '/care-homes').expect(200);
    expect((list.body as { id: string }[]).map((h) => h.id)).not.toContain(homeId);
    // Creating in a region outside yours names the field.
    const foreign = await api(otherAdmin, 'post', '/care-homes', { name: `越权-${suffix}`, regionCode: KONGCUN }).expect(400);
    expect(foreign.body).toMatchObject({ code: 'UNKNOWN_REGION', fields: [{ field: 'regionCode' }] });
    // The other county's admin manages its own homes.
    await api(otherAdmin, 'post', '/care-homes', { name: `外县敬老院-${suffix}`, regionCode: OTHER_TOWNSHIP }).expect(201);

    await api(county, 'post', '/care-homes', { name: `审批人-${suffix}`, regionCode: KONGCUN }).expect(403);
    await api(county, 'post', `/care-homes/${homeId}/beds/${bed.body.id}/out-of-service`, {}).expect(403);
  });

  it.each([
    ['a control character in the name', { name: 'a\u0007b', regionCode: KONGCUN }, 'name'],
    ['a blank name', { name: '   ', regionCode: KONGCUN }, 'name'],
    ['a malformed region', { name: '院', regionCode: '37' }, 'regionCode'],
    ['an address over 200 characters', { name: '院', regionCode: KONGCUN, address: '路'.repeat(201) }, 'address'],
    ['an unknown property', { name: '院', regionCode: KONGCUN, capacity: 10 }, 'capacity'],
  ])('refuses %s with a 400 naming the field', async (_, body, field) => {
    const res = await api(admin, 'post', '/care-homes', body).expect(400);
    expect(res.body.code).toBe('VALIDATION_FAILED');
    expect((res.body.fields as { field: string }[]).map((f) => f.field)).toContain(field);
  });

  it('refuses a bed label with a control character or an unknown care level', async () => {
    const created = await api(admin, 'post', '/care-homes', { name: `校验测试院-${suffix}`, regionCode: KONGCUN }).expect(201);
    for (const [body, field] of [
      [{ label: '1\u0000' }, 'label'],
      [{ label: '1', careLevel: 'full' }, 'careLevel'],
    ] as const) {
      const res = await api(admin, 'post', `/care-homes/${created.body.id}/beds`, body).expect(400);
      expect((res.body.fields as { field: string }[]).map((f) => f.field)).toContain(field);
    }
  });
});
