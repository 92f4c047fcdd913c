import { randomInt } from 'node:crypto';
import { buildResidentId } from '@app/domain/identity';
import { rosterSpellsFor } from '../activities/roster-lookup';
import { auth, startSystem, type TestSystem } from './support/system';

/** Checksum-valid, fictitious ID numbers (county 370124), unique within this file. */
const used = new Set<string>();
function newIdNumber(): string {
  for (;;) {
    const birth = `19${randomInt(30, 66)}-${String(randomInt(1, 13)).padStart(2, '0')}-${String(randomInt(1, 29)).padStart(2, '0')}`;
    const id = buildResidentId('370124', birth, randomInt(0, 1000));
    if (!used.has(id)) {
      used.add(id);
      return id;
    }
  }
}

/** Flips the check character: the number stays 18 characters but is no longer valid. */
const withWrongCheck = (id: string) => id.slice(0, 17) + (id[17] === '1' ? '2' : '1');

/** GBK bytes for a string, from the platform's own GB18030 decoder (no encoder ships with Node). */
let gbkTable: Map<string, number[]> | null = null;
function gbkEncode(text: string): Buffer {
  if (!gbkTable) {
    gbkTable = new Map();
    const decoder = new TextDecoder('gb18030');
    for (let hi = 0x81; hi <= 0xfe; hi++) {
      for (let lo = 0x40; lo <= 0xfe; lo++) {
        if (lo === 0x7f) continue;
        const ch = decoder.decode(Uint8Array.from([hi, lo]));
        if (ch.length === 1 && ch !== '\ufffd' && !gbkTable.has(ch)) gbkTable.set(ch, [hi, lo]);
      }
    }
  }
  const bytes: number[] = [];
  for (const ch of text) {
    if (ch.charCodeAt(0) < 0x80) bytes.push(ch.charCodeAt(0));
    else bytes.push(...gbkTable.get(ch)!);
  }
  return Buffer.from(bytes);
}

const HEADER = 'id_number,name,category,region_code,entered_on,left_on';

describe('hardship roster: import, report, scoped search', () => {
  let sys: TestSystem;
  let county: string;
  let yushan: string;
  let donge: string;

  // People of 榆山街道 (370124001) and 东阿镇 (370124100).
  const yushanA = newIdNumber();
  const yushanB = newIdNumber();
  const dongeC = newIdNumber();
  const dongeD = newIdNumber();

  beforeAll(async () => {
    sys = await startSystem();
    county = await sys.token('county.approver');
    yushan = await sys.token('township.yushan');
    donge = await sys.token('township.donge');
  });
  afterAll(async () => sys.close());

  const importCsv = (token: string, body: string | Buffer, contentType = 'text/csv', filename?: string) =>
    sys
      .http()
      .post(`/api/roster/import${filename ? `?filename=${encodeURIComponent(filename)}` : ''}`)
      .set(...auth(token))
      .set('Content-Type', contentType)
      .send(body);

  const firstFile = () =>
    [
      HEADER, // 1
      `${yushanA},测试老人甲,低保,370124001001,2020-01-01,`, // 2 ok
      `${yushanB},测试老人乙,tekun,370124001,2019-06-01,2025-06-30`, // 3 ok
      `${dongeC},测试老人丙,低收入,370124100001,2021-03-15,`, // 4 ok
      `${dongeD},测试老人丁,dibao,370124100002,2022-01-01,`, // 5 ok
      `${dongeD},测试老人丁,特困,370124100002,2022-01-01,`, // 6 ok: same person and day, another category
      `${withWrongCheck(newIdNumber())},测试老人戊,低保,370124001001,2020-01-01,`, // 7 bad check character
      `${newIdNumber()},测试老人己,五保,370124001001,2020-01-01,`, // 8 unknown category
      `${newIdNumber()},测试老人庚,低保,370124001001,2025-02-30,`, // 9 no such date
      `${newIdNumber()},测试老人辛,低保,370124001001,2024-05-01,2024-04-30`, // 10 left before entered
      `${newIdNumber()},测试老人壬,低保,370124001999,2024-05-01,`, // 11 no such village
      `${newIdNumber()},测试老人癸,低保,370125001001,2024-05-01,`, // 12 another county
      `${yushanA},测试老人甲,低保,370124001002,2020-01-01,`, // 13 repeats row 2
      '', // 14 blank: skipped, not counted
    ].join('\n');

  let firstImportId: string;

  it('imports the good rows and reports every bad one by line and field; one audit row', async () => {
    const res = await importCsv(county, firstFile(), 'text/csv', '县级困难群众名单.csv').expect(201);
    expect(res.body).toMatchObject({
      filename: '县级困难群众名单.csv',
      regionCode: '370124',
      rowsTotal: 12,
      rowsOk: 5,
      rowsFailed: 7,
      inserted: 5,
      updated: 0,
      unchanged: 0,
      ignoredColumns: [],
    });
    expect(res.body.errors.map((e: { row: number; field: string }) => [e.row, e.field])).toEqual([
      [7, 'id_number'],
      [8, 'category'],
      [9, 'entered_on'],
      [10, 'left_on'],
      [11, 'region_code'],
      [12, 'region_code'],
      [13, 'row'],
    ]);
    // Each row error has a stable code and its message in Chinese.
    const byRow = Object.fromEntries((res.body.errors as { row: number; code: string; message: string }[]).map((e) => [e.row, e]));
    expect(byRow[7]).toMatchObject({ code: 'ID_NUMBER_CHECK_CHARACTER', message: '身份证号校验码不正确,请核对。' });
    expect(byRow[11]).toMatchObject({ code: 'REGION_UNKNOWN', message: '区划代码不是已登记的乡镇(街道)或村(居)。' });
    expect(byRow[12]).toMatchObject({ code: 'REGION_OUT_OF_SCOPE', message: '区划不在您的辖区内。' });
    expect(byRow[13]).toMatchObject({ code: 'DUPLICATE_ROW', message: expect.stringContaining('与第 2 行重复') });
    // The report names rows and fields, never the personal data in them.
    expect(JSON.stringify(res.body)).not.toMatch(/\d{17}[\dX]|测试老人/);
    firstImportId = res.body.importId;

    const report = await sys
      .http()
      .get(`/api/roster/imports/${firstImportId}`)
      .set(...auth(county))
      .expect(200);
    expect(report.body).toEqual(res.body);
    expect(report.body.importedBy.displayName).toBe('县民政局审批人(演示)');

    const audit: { action: string; after: Record<string, unknown>; actor_role: string }[] = await sys.db.query(
      `SELECT action, after, actor_role FROM audit_log WHERE event_key LIKE 'roster-imported:%' AND after->>'importId' = $1`,
      [firstImportId],
    );
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({
      action: 'roster_imported',
      actor_role: 'county_officer',
      after: { rowsTotal: 12, rowsOk: 5, rowsFailed: 7, inserted: 5 },
    });

    const spells = await rosterSpellsFor(sys.db, dongeD);
    expect(spells).toEqual([
      { category: 'dibao', from: '2022-01-01', to: null },
      { category: 'tekun', from: '2022-01-01', to: null },
    ]);
    expect(await rosterSpellsFor(sys.db, yushanB)).toEqual([{ category: 'tekun', from: '2019-06-01', to: '2025-06-30' }]);
  });

  it('re-importing the same file changes nothing; a changed exit date updates the spell', async () => {
    const count = async () =>
      Number((await sys.db.query(`SELECT count(*) AS n FROM hardship_roster WHERE id_number = ANY($1)`, [[...used]]))[0].n);
    const before = await count();
    const again = await importCsv(county, firstFile()).expect(201);
    expect(again.body).toMatchObject({ rowsTotal: 12, rowsOk: 5, rowsFailed: 7, inserted: 0, updated: 0, unchanged: 5 });
    expect(await count()).toBe(before);

    const changed = await importCsv(county, [HEADER, `${yushanA},测试老人甲,低保,370124001001,2020-01-01,2026-10-31`].join('\n')).expect(
      201,
    );
    expect(changed.body).toMatchObject({ rowsOk: 1, inserted: 0, updated: 1, unchanged: 0 });
    expect(await rosterSpellsFor(sys.db, yushanA)).toEqual([{ category: 'dibao', from: '2020-01-01', to: '2026-10-31' }]);
    expect(await count()).toBe(before);
  });

  it('reads Chinese headers, a BOM, CRLF, quoted fields, blank lines and extra columns', async () => {
    const id = newIdNumber();
    const text =
      '\uFEFF序号,身份证号,姓名,类别,区划代码,纳入日期,退出日期,备注\r\n' +
      `1,${id},"测试老人,子",特困,370124100,2023/2/1,,"说明:含""引号"",逗号"\r\n` +
      '\r\n' +
      `2,${newIdNumber()},测试老人丑,五保,370124100001,20230201,,\r\n`;
    const res = await importCsv(donge, text, 'text/csv; charset=utf-8').expect(201);
    expect(res.body).toMatchObject({ rowsTotal: 2, rowsOk: 1, rowsFailed: 1, inserted: 1, ignoredColumns: ['序号', '备注'] });
    // Rows are numbered by file line, blank lines included, so the second data row is line 4.
    expect(res.body.errors).toEqual([
      { row: 4, field: 'category', code: 'CATEGORY_UNKNOWN', message: '类别无法识别,请填写 低保、特困 或 低收入。' },
    ]);
    expect(await rosterSpellsFor(sys.db, id)).toEqual([{ category: 'tekun', from: '2023-02-01', to: null }]);
    const name: { name: string }[] = await sys.db.query('SELECT name FROM hardship_roster WHERE id_number = $1', [id]);
    expect(name[0].name).toBe('测试老人,子');
  });

  it('reads a GBK file when the charset says so; refuses one that is not UTF-8 otherwise', async () => {
    const id = newIdNumber();
    const text = `身份证号,姓名,类别,区划代码,纳入日期\n${id},测试老人寅,低保,370124100002,2024-01-01\n`;
    const res = await importCsv(donge, gbkEncode(text), 'text/csv; charset=gbk').expect(201);
    expect(res.body).toMatchObject({ rowsTotal: 1, rowsOk: 1, inserted: 1 });
    const bad = await importCsv(donge, gbkEncode(text), 'text/csv').expect(400);
    expect(bad.body).toMatchObject({ code: 'VALIDATION_FAILED', fields: [{ field: 'body' }] });
    expect(bad.body.message).toContain('charset=gb18030');
    const other = await importCsv(donge, text, 'text/csv; charset=latin1').expect(415);
    expect(other.body.code).toBe('UNSUPPORTED_MEDIA_TYPE');
  });

  it('a township officer imports only within the township and cannot change a spell kept elsewhere', async () => {
    const own = newIdNumber();
    const res = await importCsv(
      donge,
      [
        HEADER,
        `${own},测试老人卯,低保,370124100001,2024-01-01,`, // 2 ok
        `${newIdNumber()},测试老人辰,低保,370124001001,2024-01-01,`, // 3 榆山: not theirs
        `${yushanA},测试老人甲,低保,370124100001,2020-01-01,`, // 4 榆山's spell, moved to 东阿: refused
      ].join('\n'),
    ).expect(201);
    expect(res.body).toMatchObject({ regionCode: '370124100', rowsTotal: 3, rowsOk: 1, rowsFailed: 2 });
    expect(res.body.errors).toEqual([
      { row: 3, field: 'region_code', code: 'REGION_OUT_OF_SCOPE', message: '区划不在您的辖区内。' },
      { row: 4, field: 'row', code: 'SPELL_KEPT_ELSEWHERE', message: expect.stringContaining('由其他区划登记') },
    ]);
    expect(await rosterSpellsFor(sys.db, yushanA)).toEqual([{ category: 'dibao', from: '2020-01-01', to: '2026-10-31' }]);
    const row: { region_code: string }[] = await sys.db.query(`SELECT region_code FROM hardship_roster WHERE id_number = $1`, [yushanA]);
    expect(row[0].region_code).toBe('370124001001');

    // Its report is visible in the township and above it, not beside it.
    await sys
      .http()
      .get(`/api/roster/imports/${res.body.importId}`)
      .set(...auth(county))
      .expect(200);
    await sys
      .http()
      .get(`/api/roster/imports/${res.body.importId}`)
      .set(...auth(yushan))
      .expect(404);
    await sys
      .http()
      .get(`/api/roster/imports/${firstImportId}`)
      .set(...auth(donge))
      .expect(404);
    const list = await sys
      .http()
      .get('/api/roster/imports')
      .set(...auth(donge))
      .expect(200);
    expect(list.body.items.every((i: { regionCode: string }) => i.regionCode.startsWith('370124100'))).toBe(true);
    expect(list.body.items.map((i: { importId: string }) => i.importId)).toContain(res.body.importId);
    expect(list.body.items[0]).not.toHaveProperty('errors');
  });

  it('search is scoped to the caller and masks ID numbers and names', async () => {
    const search = (token: string, query: Record<string, string | number> = {}) =>
      sys
        .http()
        .get('/api/roster')
        .query({ pageSize: 200, ...query })
        .set(...auth(token))
        .expect(200);

    const asDonge = await search(donge);
    const dongeRegions = (asDonge.body.items as { regionCode: string }[]).map((i) => i.regionCode);
    expect(dongeRegions.length).toBeGreaterThanOrEqual(4);
    expect(dongeRegions.every((c) => c.startsWith('370124100'))).toBe(true);
    expect(dongeRegions.some((c) => c.startsWith('370124001'))).toBe(false);

    // 东阿镇 cannot find 榆山街道's people, by number, by region or as a person.
    expect((await search(donge, { idNumber: yushanA })).body).toMatchObject({ items: [], total: 0 });
    expect((await search(donge, { regionCode: '370124001' })).body).toMatchObject({ items: [], total: 0 });
    expect(
      (
        await sys
          .http()
          .get(`/api/roster/person/${yushanA}`)
          .set(...auth(donge))
          .expect(200)
      ).body,
    ).toEqual([]);

    const byId = await search(yushan, { idNumber: yushanA.toLowerCase() });
    expect(byId.body.total).toBe(1);
    expect(byId.body.items[0]).toMatchObject({
      idNumberMasked: `${yushanA.slice(0, 4)}**********${yushanA.slice(14)}`,
      nameMasked: '测****',
      category: 'dibao',
      categoryLabel: '低保',
      regionCode: '370124001001',
      regionName: '翠屏社区',
      enteredOn: '2020-01-01',
      leftOn: '2026-10-31',
    });

    const asCounty = await search(county, { regionCode: '370124' });
    const all = asCounty.body.items as { idNumberMasked: string; nameMasked: string }[];
    expect(all.length).toBeGreaterThanOrEqual(7);
    for (const body of [asCounty.body, asDonge.body, byId.body]) {
      expect(JSON.stringify(body)).not.toMatch(/\d{17}[\dX]|测试老人/);
    }

    // Filters: category and the day a spell is in force.
    const found = async (token: string, query: Record<string, string>) => (await search(token, query)).body.total as number;
    expect(await found(county, { idNumber: yushanB, category: 'tekun' })).toBe(1);
    expect(await found(county, { idNumber: yushanB, category: 'dibao' })).toBe(0);
    expect(await found(county, { idNumber: dongeD, category: 'tekun', regionCode: '370124100002' })).toBe(1);
    for (const [activeOn, a, b] of [
      ['2019-05-31', 0, 0],
      ['2019-06-01', 0, 1],
      ['2019-12-31', 0, 1],
      ['2020-01-01', 1, 1],
      ['2025-06-30', 1, 1],
      ['2025-07-01', 1, 0],
      ['2026-10-31', 1, 0],
      ['2026-11-01', 0, 0],
    ] as const) {
      expect([
        activeOn,
        await found(yushan, { idNumber: yushanA, activeOn }),
        await found(yushan, { idNumber: yushanB, activeOn }),
      ]).toEqual([activeOn, a, b]);
    }

    const person = await sys
      .http()
      .get(`/api/roster/person/${dongeD}`)
      .set(...auth(donge))
      .expect(200);
    expect(person.body.map((s: { category: string; enteredOn: string }) => `${s.category}:${s.enteredOn}`)).toEqual([
      'dibao:2022-01-01',
      'tekun:2022-01-01',
    ]);
    expect(JSON.stringify(person.body)).not.toContain(dongeD);

    const paged = await sys
      .http()
      .get('/api/roster')
      .query({ regionCode: '370124', page: 2, pageSize: 2 })
      .set(...auth(county))
      .expect(200);
    expect(paged.body).toMatchObject({ page: 2, pageSize: 2, total: asCounty.body.total });
    expect(paged.body.items).toEqual(asCounty.body.items.slice(2, 4));
  });

  describe('bad requests are 4xx naming the problem, never a 500', () => {
    it.each([
      ['no header row', `${newIdNumber()},测试老人,低保,370124001001,2020-01-01`, 'header'],
      ['a missing column', 'id_number,name,region_code,entered_on\n', 'header'],
      ['an empty body', '', 'body'],
      ['a header without rows', `${HEADER}\n\n`, 'body'],
    ])('%s → 400', async (_label, body, field) => {
      const res = await importCsv(county, body).expect(400);
      expect(res.body).toMatchObject({ code: 'VALIDATION_FAILED', fields: [{ field }] });
    });

    it('more than 20,000 rows → 400; more than 5 MB → 413; JSON instead of CSV → 415', async () => {
      const row = `${newIdNumber()},测试老人,低保,370124001001,2020-01-01,`;
      const many = [HEADER, ...Array.from({ length: 20_001 }, () => row)].join('\n');
      const tooMany = await importCsv(county, many).expect(400);
      expect(tooMany.body.message).toContain('最多导入 20000 行');

      const huge = await importCsv(county, `${HEADER}\n${'x'.repeat(5 * 1024 * 1024)}`).expect(413);
      expect(huge.body.code).toBe('PAYLOAD_TOO_LARGE');

      const json = await sys
        .http()
        .post('/api/roster/import')
        .set(...auth(county))
        .send({ csv: HEADER })
        .expect(415);
      expect(json.body.code).toBe('UNSUPPORTED_MEDIA_TYPE');
      const imports: { n: number }[] = await sys.db.query(`SELECT count(*) AS n FROM roster_imports WHERE rows_total > 20000`);
      expect(Number(imports[0].n)).toBe(0);
    });

    it.each([
      ['/api/roster?idNumber=110105194912310021', 'INVALID_ID_NUMBER', 'idNumber'],
      ['/api/roster?idNumber=12345', 'VALIDATION_FAILED', 'idNumber'],
      ['/api/roster?category=wubao', 'VALIDATION_FAILED', 'category'],
      ['/api/roster?activeOn=2026-02-30', 'VALIDATION_FAILED', 'activeOn'],
      ['/api/roster?activeOn=tomorrow', 'VALIDATION_FAILED', 'activeOn'],
      ['/api/roster?regionCode=37', 'VALIDATION_FAILED', 'regionCode'],
      ['/api/roster?pageSize=1000', 'VALIDATION_FAILED', 'pageSize'],
      ['/api/roster?shoeSize=42', 'VALIDATION_FAILED', 'shoeSize'],
      ['/api/roster/person/110105194912310021', 'INVALID_ID_NUMBER', 'idNumber'],
      ['/api/roster/person/abc', 'INVALID_ID_NUMBER', 'idNumber'],
      ['/api/roster/imports/not-a-uuid', 'VALIDATION_FAILED', 'id'],
      [`/api/roster/import?filename=${encodeURIComponent('a/b.csv')}`, 'VALIDATION_FAILED', 'filename'],
    ])('%s → 400', async (url, code, field) => {
      const req = url.startsWith('/api/roster/import?')
        ? sys.http().post(url).set('Content-Type', 'text/csv').send(HEADER)
        : sys.http().get(url);
      const res = await req.set(...auth(county));
      expect(res.status).toBe(400);
      expect(res.body.code).toBe(code);
      expect(res.body.message).toContain(field);
    });

    it('roles: assessors may not read or import the roster; supervisors may read; no token is a 401', async () => {
      const assessor = await sys.token('assessor');
      await sys
        .http()
        .get('/api/roster')
        .set(...auth(assessor))
        .expect(403);
      await importCsv(assessor, firstFile()).expect(403);
      const supervisor = await sys.token('supervisor.county');
      await sys
        .http()
        .get('/api/roster')
        .set(...auth(supervisor))
        .expect(200);
      await importCsv(supervisor, firstFile()).expect(403);
      await sys.http().get('/api/roster').expect(401);
      await sys.http().post('/api/roster/import').set('Content-Type', 'text/csv').send(HEADER).expect(401);
    });

    it('an unknown import id is a 404', async () => {
      await sys
        .http()
        .get('/api/roster/imports/7d1c2c0e-0000-4000-8000-000000000000')
        .set(...auth(county))
        .expect(404);
    });
  });
});
