import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import { addMonths, lastDayOfMonth } from '@app/domain/dates';
import { PayrollRepository } from '@app/persistence';
import { ensurePayrollSchedules } from '@app/runtime';
import { dispersedSupport, entitlement, payrollCounty, person } from './support/payroll-fixtures';
import { auth, ensureUser, eventually, startSystem, type TestSystem } from './support/system';
import { birthDateTurning, monthFromNow } from './support/today';

/**
 * The monthly payroll against the real Temporal server and PostgreSQL: lines by the rules, arrears
 * and recoveries, the exceptions list, maker–checker, bank files read back, bank returns, the
 * settings API with a second bank's column mapping, and idempotency across a second start (a worker
 * killed mid-run and mid-release: payroll-worker-killed.e2e-spec.ts).
 */
describe('monthly payroll', () => {
  let sys: TestSystem;
  let repo: PayrollRepository;
  beforeAll(async () => {
    sys = await startSystem();
    repo = new PayrollRepository(sys.db);
  });
  afterAll(async () => sys.close());

  const M = monthFromNow(0);
  const prev = (n: number) => addMonths(M, -n);

  async function officers(county: string) {
    await ensureUser(sys.db, `pay.maker.${county}`, 'county_officer', county);
    await ensureUser(sys.db, `pay.checker.${county}`, 'county_officer', county);
    return { maker: await sys.token(`pay.maker.${county}`), checker: await sys.token(`pay.checker.${county}`) };
  }

  async function runUntil(runId: string, status: string) {
    return eventually(
      async () => {
        const r = await repo.run(runId);
        return r?.status === status ? r : undefined;
      },
      60000,
      `run ${status}`,
    );
  }

  /** A bank file as bytes (200 asserted). */
  async function download(path: string, token: string): Promise<Buffer> {
    const res = await sys
      .http()
      .get(path)
      .set(...auth(token))
      .expect(200)
      .buffer(true)
      .parse((r, cb) => {
        const chunks: Buffer[] = [];
        r.on('data', (x: Buffer) => chunks.push(x));
        r.on('end', () => cb(null, Buffer.concat(chunks)));
      });
    return res.body as Buffer;
  }

  /** submit (maker) → approve (checker) → release (maker). */
  async function review(runId: string, maker: string, checker: string) {
    for (const [action, token] of [
      ['submit', maker],
      ['approve', checker],
      ['release', maker],
    ] as const) {
      await sys
        .http()
        .post(`/api/payroll/runs/${runId}/${action}`)
        .set(...auth(token))
        .send({})
        .expect(200);
    }
  }

  const lineKey = (l: Record<string, unknown>) =>
    `${String(l.source_id)}|${String(l.period_month)}|${String(l.kind)}|${String(l.amount_fen)}`;

  it('pays a month by the rules, reviews it maker–checker, exports bank files and reconciles returns; the next month pays arrears', async () => {
    const { county, township, policyIds } = await payrollCounty(sys.db, { firstPayrollMonth: prev(2) });
    const { maker, checker } = await officers(county);

    // A: turns 80 this month, approved late (paid from two months back, never paid yet).
    const a = await person(sys.db, township, birthDateTurning(80, 0, 28));
    const ea = await entitlement(sys.db, {
      personId: a,
      regionCode: township,
      kind: 'hardship-allowance',
      policyId: policyIds['hardship-allowance'],
      segments: [
        { from: prev(2), to: prev(1), rule: 'hardship.age-band-60', fen: 8000 },
        { from: M, to: null, rule: 'hardship.age-band-80', fen: 10000 },
      ],
    });
    // B: care allowance assessed on the last day of last month → first paid this month.
    const b = await person(sys.db, township, '1940-03-03');
    const eb = await entitlement(sys.db, {
      personId: b,
      regionCode: township,
      kind: 'care-allowance',
      policyId: policyIds['care-allowance'],
      segments: [{ from: M, to: null, rule: 'care.level-3', fen: 8000 }],
    });
    // C: dispersed support since 2019, admitted to centralized support this month → paid this month, not the next
    // (and, like everyone, the two months since the county's first payroll month as arrears).
    const c = await person(sys.db, township, '1945-07-07');
    const sc = await dispersedSupport(sys.db, c, '2019-03', M);
    // D: died last month → paid through last month (as arrears, never paid), nothing this month.
    const d = await person(sys.db, township, '1950-01-09', { deathDate: `${prev(1)}-05` });
    const ed = await entitlement(sys.db, {
      personId: d,
      regionCode: township,
      kind: 'hardship-allowance',
      policyId: policyIds['hardship-allowance'],
      segments: [{ from: prev(2), to: prev(1), rule: 'hardship.age-band-60', fen: 8000 }],
    });
    // E: no bank account.
    const e = await person(sys.db, township, '1955-02-02');
    const ee = await entitlement(sys.db, {
      personId: e,
      regionCode: township,
      kind: 'hardship-allowance',
      policyId: policyIds['hardship-allowance'],
      segments: [{ from: M, to: null, rule: 'hardship.age-band-60', fen: 8000 }],
    });
    const accounts: Record<string, string> = {
      a: '6217000000000000011',
      b: '6217000000000000022',
      c: '6217000000000000033',
      d: '6217000000000000044',
    };
    for (const [who, id] of [
      ['a', a],
      ['b', b],
      ['c', c],
      ['d', d],
    ] as const) {
      const res = await sys
        .http()
        .put(`/api/persons/${id}/bank-account`)
        .set(...auth(maker))
        .send({ accountNo: accounts[who], bankName: '测试农商银行' })
        .expect(200);
      expect(res.body.accountMasked).toMatch(/^6217\*+\d{4}$/);
      expect(JSON.stringify(res.body)).not.toContain(accounts[who]);
    }

    // The preview writes nothing.
    const preview = await sys
      .http()
      .get('/api/payroll/preview')
      .query({ countyCode: county, month: M })
      .set(...auth(maker))
      .expect(200);
    expect((await sys.db.query('SELECT count(*)::int AS n FROM payroll_runs WHERE county_code = $1', [county]))[0].n).toBe(0);

    const started = await sys
      .http()
      .post('/api/payroll/runs')
      .set(...auth(maker))
      .send({ countyCode: county, month: M })
      .expect(201);
    const runId = started.body.id as string;
    // The API opened the run itself before starting the workflow: the answer is the run, still computing, started by the maker.
    expect(started.body).toMatchObject({ status: 'computing', startedByName: `pay.maker.${county}(测试)`, preparedByName: null });
    await runUntil(runId, 'draft');
    const ledger = await repo.ledgerDump(runId);
    expect(ledger.map(lineKey).sort()).toEqual(
      [
        `${ea}|${M}|regular|10000`,
        `${ea}|${prev(2)}|arrears|8000`,
        `${ea}|${prev(1)}|arrears|8000`,
        `${eb}|${M}|regular|8000`,
        `${sc}|${M}|regular|100000`,
        `${sc}|${prev(2)}|arrears|100000`,
        `${sc}|${prev(1)}|arrears|100000`,
        `${ed}|${prev(2)}|arrears|8000`,
        `${ed}|${prev(1)}|arrears|8000`,
        `${ee}|${M}|regular|8000`,
      ].sort(),
    );
    expect(preview.body.lines).toBe(ledger.length);
    expect(preview.body.amountFen).toBe(ledger.reduce((s, l) => s + Number(l.amount_fen), 0));
    // Line ids are time-ordered (UUID v7), so a month's lines are appended to the primary key.
    const ids: { id: string }[] = await sys.db.query('SELECT id FROM payroll_ledger WHERE run_id = $1', [runId]);
    expect(ids.length).toBe(ledger.length);
    for (const { id } of ids) expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    // C's payment history is found through C's support arrangement (the ledger has no index by person).
    const historyC = await sys
      .http()
      .get(`/api/persons/${c}/payments`)
      .set(...auth(maker))
      .expect(200);
    expect(historyC.body.items.map((i: { periodMonth: string; kind: string }) => `${i.periodMonth}:${i.kind}`).sort()).toEqual(
      [`${M}:regular`, `${prev(2)}:arrears`, `${prev(1)}:arrears`].sort(),
    );
    // The Schedule firing for the same month, or a second start, change nothing.
    await sys
      .http()
      .post('/api/payroll/runs')
      .set(...auth(maker))
      .send({ countyCode: county, month: M })
      .expect(409);
    const second = await sys.client.workflow.execute('payrollWorkflow', {
      workflowId: `payroll-${county}-run-scheduled-${M}`,
      taskQueue: sys.taskQueue,
      args: [{ countyCode: county, month: M }],
    });
    expect(second).toMatchObject({ runId, status: 'draft' });
    expect((await repo.ledgerDump(runId)).map(lineKey).sort()).toEqual(ledger.map(lineKey).sort());

    const detail = await sys
      .http()
      .get(`/api/payroll/runs/${runId}`)
      .set(...auth(maker))
      .expect(200);
    expect(detail.body).toMatchObject({ status: 'draft', lines: 10, amountFen: 10000 + 8000 * 6 + 300000 });
    expect(
      detail.body.totals.find((t: { sourceKind: string; kind: string }) => t.sourceKind === 'hardship-allowance' && t.kind === 'arrears'),
    ).toMatchObject({
      lines: 4,
      amountFen: 32000,
      townshipName: '测试镇',
    });
    const exceptions = await sys
      .http()
      .get(`/api/payroll/runs/${runId}/exceptions`)
      .set(...auth(maker))
      .expect(200);
    const flagsOf = (sourceId: string) =>
      exceptions.body.items.filter((l: { sourceId: string }) => l.sourceId === sourceId).flatMap((l: { flags: string[] }) => l.flags);
    expect(flagsOf(eb)).toContain('first-payment');
    expect(flagsOf(sc)).toContain('last-payment');
    expect(flagsOf(ea)).toContain('arrears');
    expect(flagsOf(ed)).toContain('arrears');
    expect(flagsOf(ee)).toEqual(['first-payment', 'no-bank-account']);
    // Every line of the run is listed here, each for a reason: all five are new this month.
    expect(exceptions.body.items).toHaveLength(10);
    // The preview lists the same lines with the same flags.
    const previewFlags = (preview.body.exceptions as { sourceId: string; periodMonth: string; kind: string; flags: string[] }[])
      .map((l) => `${l.sourceId}|${l.periodMonth}|${l.kind}|${l.flags.join(',')}`)
      .sort();
    expect(
      (exceptions.body.items as { sourceId: string; periodMonth: string; kind: string; flags: string[] }[])
        .map((l) => `${l.sourceId}|${l.periodMonth}|${l.kind}|${l.flags.join(',')}`)
        .sort(),
    ).toEqual(previewFlags);
    expect(JSON.stringify(exceptions.body)).not.toMatch(/\d{17}[\dX]/);

    // Maker–checker.
    await sys
      .http()
      .post(`/api/payroll/runs/${runId}/approve`)
      .set(...auth(checker))
      .send({})
      .expect(409);
    await sys
      .http()
      .post(`/api/payroll/runs/${runId}/submit`)
      .set(...auth(maker))
      .send({})
      .expect(200);
    const same = await sys
      .http()
      .post(`/api/payroll/runs/${runId}/approve`)
      .set(...auth(maker))
      .send({})
      .expect(403);
    expect(same.body.code).toBe('SAME_PERSON');
    await sys
      .http()
      .post(`/api/payroll/runs/${runId}/frobnicate`)
      .set(...auth(checker))
      .send({})
      .expect(400);
    await sys
      .http()
      .post(`/api/payroll/runs/${runId}/approve`)
      .set(...auth(checker))
      .send({})
      .expect(200);
    const released = await sys
      .http()
      .post(`/api/payroll/runs/${runId}/release`)
      .set(...auth(maker))
      .send({})
      .expect(200);
    expect(released.body.status).toBe('released');
    // Who prepared, approved and released it, by name as well as id.
    expect(released.body).toMatchObject({
      preparedByName: `pay.maker.${county}(测试)`,
      approvedByName: `pay.checker.${county}(测试)`,
      releasedByName: `pay.maker.${county}(测试)`,
    });
    const audit: { action: string }[] = await sys.db.query(`SELECT action FROM audit_log WHERE after->>'runId' = $1 ORDER BY id`, [runId]);
    expect(audit.map((x) => x.action)).toEqual(
      expect.arrayContaining(['payroll_run_opened', 'payroll_run_computed', 'payroll_submit', 'payroll_approve', 'payroll_release']),
    );

    // Bank files: XLSX read back with exceljs, GBK decoded.
    expect(released.body.files.map((f: { format: string }) => f.format).sort()).toEqual(['csv-gbk', 'csv-utf8', 'xlsx']);
    const xlsx = await download(`/api/payroll/runs/${runId}/files/${township}/xlsx`, maker);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(xlsx as unknown as ArrayBuffer);
    const ws = wb.worksheets[0];
    expect(ws.getRow(1).getCell(1).value).toBe('批次号');
    expect(ws.getRow(1).getCell(8).value).toBe('4'); // A, B, C, D: E has no account
    expect(ws.getRow(1).getCell(10).value).toBe(((26000 + 8000 + 300000 + 16000) / 100).toFixed(2));
    expect((ws.getRow(2).values as unknown[]).slice(1)).toEqual([
      '序号',
      '姓名',
      '身份证号',
      '一卡通/社保卡账号',
      '开户行',
      '金额(元)',
      '补贴项目',
      '所属期',
      '业务流水号',
    ]);
    const rowsByAccount = new Map<string, unknown[]>();
    for (let r = 3; r <= ws.rowCount; r++)
      rowsByAccount.set(String(ws.getRow(r).getCell(4).value), (ws.getRow(r).values as unknown[]).slice(1));
    const rowA = rowsByAccount.get(accounts.a)!;
    expect(typeof rowA[2]).toBe('string');
    expect(rowA[2]).toMatch(/^\d{17}[\dX]$/);
    expect(rowA.slice(4, 8)).toEqual(['测试农商银行', '260.00', '经济困难老年人补贴', M]);
    const gbk = await download(`/api/payroll/runs/${runId}/files/${township}/csv-gbk`, maker);
    const text = new TextDecoder('gb18030').decode(gbk);
    expect(text.split('\r\n')[1]).toBe('序号,姓名,身份证号,一卡通/社保卡账号,开户行,金额(元),补贴项目,所属期,业务流水号');
    expect(text).toContain(`${accounts.c},测试农商银行,3000.00,特困人员分散供养金,${M}`);
    const refOf = (acct: string) =>
      text
        .split('\r\n')
        .find((l) => l.includes(acct))!
        .split(',')[8];

    // Returns (GBK): A paid, B failed, C with a wrong amount, D twice, an unknown reference, an unreadable amount.
    const returns = [
      '业务流水号,账号,户名,金额,处理结果,失败原因',
      `${refOf(accounts.a)},${accounts.a},甲,260.00,成功,`,
      `${refOf(accounts.b)},${accounts.b},乙,80.00,失败,账户已销户`,
      `${refOf(accounts.c)},${accounts.c},丙,999.00,成功,`,
      `${refOf(accounts.d)},${accounts.d},丁,160.00,成功,`,
      `${refOf(accounts.d)},${accounts.d},丁,160.00,成功,`,
      'NOPE-1,6217000000000000099,戊,80.00,成功,',
      `${refOf(accounts.a)}x,,,八十,成功,`,
    ].join('\r\n');
    const imported = await sys
      .http()
      .post(`/api/payroll/runs/${runId}/returns`)
      .query({ filename: 'return.csv' })
      .set(...auth(maker))
      .set('Content-Type', 'text/csv')
      .send(iconv.encode(returns, 'gbk'))
      .expect(200);
    expect(imported.body.rows.map((r: { rowNumber: number; outcome: string }) => `${r.rowNumber}:${r.outcome}`)).toEqual([
      '2:paid',
      '3:failed',
      '4:mismatched',
      '5:duplicate',
      '6:duplicate',
      '7:unknown',
      '8:unreadable',
    ]);
    expect(imported.body.runStatus).toBe('released');
    const results: { outcome: string; reason: string | null }[] = await sys.db.query(
      `SELECT br.outcome, br.reason FROM payroll_bank_results br JOIN payroll_payments pp ON pp.reference = br.reference WHERE pp.run_id = $1`,
      [runId],
    );
    results.sort((x, y) => `${x.outcome}${x.reason}`.localeCompare(`${y.outcome}${y.reason}`));
    // A paid, B failed with the bank's reason, E held for want of an account; C and D unchanged.
    expect(results).toEqual([
      { outcome: 'failed', reason: '无银行账户,暂缓发放' },
      { outcome: 'failed', reason: '账户已销户' },
      { outcome: 'paid', reason: null },
    ]);
    await expect(sys.db.query(`UPDATE payroll_ledger SET amount_fen = 1 WHERE run_id = $1`, [runId])).rejects.toThrow(/append-only/);
    await expect(sys.db.query(`DELETE FROM payroll_ledger WHERE run_id = $1`, [runId])).rejects.toThrow(/append-only/);

    // Next month: B's failed credit waits for a corrected account; E's held payment too.
    const next = addMonths(M, 1);
    const startNext = await sys
      .http()
      .post('/api/payroll/runs')
      .set(...auth(maker))
      .send({ countyCode: county, month: next })
      .expect(201);
    await runUntil(startNext.body.id, 'draft');
    const nextLines = (await repo.ledgerDump(startNext.body.id)).map(lineKey).sort();
    expect(nextLines).toEqual([`${ea}|${next}|regular|10000`, `${eb}|${next}|regular|8000`, `${ee}|${next}|regular|8000`].sort());
    // The 补发 waiting for a corrected account are on the run's exceptions, with the bank's reason (and in the preview).
    const heldOf = (items: { sourceId: string; periodMonth: string; kind: string; amountFen: number; settlement: string; why: string }[]) =>
      items
        .filter((i) => i.settlement === 'held')
        .map((i) => `${i.sourceId}|${i.periodMonth}|${i.kind}|${i.amountFen}|${i.why}`)
        .sort();
    const heldExpected = [
      `${eb}|${M}|arrears|8000|暂缓补发${M}:该月发放失败(账户已销户),待更正账户后补发`,
      `${ee}|${M}|arrears|8000|暂缓补发${M}:该月发放失败(无银行账户,暂缓发放),待更正账户后补发`,
    ].sort();
    const nextExceptions = await sys
      .http()
      .get(`/api/payroll/runs/${startNext.body.id}/exceptions`)
      .set(...auth(maker))
      .expect(200);
    expect(heldOf(nextExceptions.body.items)).toEqual(heldExpected);
    const nextPreview = await sys
      .http()
      .get('/api/payroll/preview')
      .query({ countyCode: county, month: next })
      .set(...auth(maker))
      .expect(200);
    expect(heldOf(nextPreview.body.exceptions)).toEqual(heldExpected);
    await sys
      .http()
      .post(`/api/payroll/runs/${startNext.body.id}/cancel`)
      .set(...auth(maker))
      .send({})
      .expect(400);
    await sys
      .http()
      .post(`/api/payroll/runs/${startNext.body.id}/cancel`)
      .set(...auth(maker))
      .send({ reason: '账户更正后重算' })
      .expect(200);
    // Accounts corrected: the month is run again and pays B's and E's earlier month as 补发.
    await sys
      .http()
      .put(`/api/persons/${b}/bank-account`)
      .set(...auth(maker))
      .send({ accountNo: '6217000000000000055', bankName: '测试农商银行' })
      .expect(200);
    await sys
      .http()
      .put(`/api/persons/${e}/bank-account`)
      .set(...auth(maker))
      .send({ accountNo: '6217000000000000066', bankName: '测试农商银行' })
      .expect(200);
    const rerun = await eventually(async () => {
      const res = await sys
        .http()
        .post('/api/payroll/runs')
        .set(...auth(maker))
        .send({ countyCode: county, month: next });
      return res.status === 201 ? res : undefined;
    });
    await runUntil(rerun.body.id, 'draft');
    const rerunLines = await repo.ledgerDump(rerun.body.id);
    expect(rerunLines.map(lineKey).sort()).toEqual(
      [
        `${ea}|${next}|regular|10000`,
        `${eb}|${next}|regular|8000`,
        `${eb}|${M}|arrears|8000`,
        `${ee}|${next}|regular|8000`,
        `${ee}|${M}|arrears|8000`,
      ].sort(),
    );
    expect(rerunLines.find((l) => l.source_id === eb && l.kind === 'arrears')!.corrects_line_id).not.toBeNull();

    // An elder's payment history: what was paid for which month, and why; the account masked.
    const history = await sys
      .http()
      .get(`/api/persons/${b}/payments`)
      .set(...auth(maker))
      .expect(200);
    expect(
      history.body.items.map(
        (i: { periodMonth: string; kind: string; bankOutcome: string | null }) => `${i.periodMonth}:${i.kind}:${i.bankOutcome}`,
      ),
    ).toEqual([`${next}:regular:null`, `${M}:arrears:null`, `${M}:regular:failed`]);
    expect(JSON.stringify(history.body)).not.toContain(accounts.b);
  });

  it('a death reported after the month was paid is recovered (追回), offset or listed as receivable', async () => {
    const { county, township, policyIds } = await payrollCounty(sys.db, { firstPayrollMonth: prev(1), recovery: 'receivable' });
    const { maker, checker } = await officers(county);
    const p = await person(sys.db, township, '1950-05-05');
    const id = await entitlement(sys.db, {
      personId: p,
      regionCode: township,
      kind: 'hardship-allowance',
      policyId: policyIds['hardship-allowance'],
      segments: [{ from: prev(1), to: null, rule: 'hardship.age-band-60', fen: 8000 }],
    });
    // Q turns 80 this month: last month at the 60–79 amount, this month more (an amount change).
    const q = await person(sys.db, township, birthDateTurning(80, 0, 28));
    const qid = await entitlement(sys.db, {
      personId: q,
      regionCode: township,
      kind: 'hardship-allowance',
      policyId: policyIds['hardship-allowance'],
      segments: [
        { from: prev(1), to: prev(1), rule: 'hardship.age-band-60', fen: 8000 },
        { from: M, to: null, rule: 'hardship.age-band-80', fen: 10000 },
      ],
    });
    for (const [who, acct] of [
      [p, '6217000000000000077'],
      [q, '6217000000000000078'],
    ]) {
      await sys
        .http()
        .put(`/api/persons/${who}/bank-account`)
        .set(...auth(maker))
        .send({ accountNo: acct, bankName: '测试农商银行' })
        .expect(200);
    }
    const first = await sys
      .http()
      .post('/api/payroll/runs')
      .set(...auth(maker))
      .send({ countyCode: county, month: prev(1) })
      .expect(201);
    await runUntil(first.body.id, 'draft');
    const second = await sys
      .http()
      .post('/api/payroll/runs')
      .set(...auth(maker))
      .send({ countyCode: county, month: M })
      .expect(201);
    await runUntil(second.body.id, 'draft');
    const exceptionsOf = async (runId: string) =>
      (
        await sys
          .http()
          .get(`/api/payroll/runs/${runId}/exceptions`)
          .set(...auth(maker))
          .expect(200)
      ).body.items.map((l: { sourceId: string; periodMonth: string; kind: string; flags: string[] }) =>
        [l.sourceId, l.periodMonth, l.kind, l.flags.join(',')].join('|'),
      ) as string[];
    // Both first paid last month; this month only Q's amount changed (P's is as before: not listed).
    expect(await exceptionsOf(first.body.id)).toEqual(
      expect.arrayContaining([`${id}|${prev(1)}|regular|first-payment`, `${qid}|${prev(1)}|regular|first-payment`]),
    );
    expect(await exceptionsOf(second.body.id)).toEqual([`${qid}|${M}|regular|amount-changed`]);
    for (const run of [first.body.id, second.body.id]) await review(run, maker, checker);
    // Death in the earlier month reported now: this month was paid and is owed back.
    await sys.db.query('UPDATE persons SET death_date = $2 WHERE id = $1', [p, lastDayOfMonth(prev(1))]);
    const next = addMonths(M, 1);
    const third = await sys
      .http()
      .post('/api/payroll/runs')
      .set(...auth(maker))
      .send({ countyCode: county, month: next })
      .expect(201);
    await runUntil(third.body.id, 'draft');
    expect(
      (await repo.ledgerDump(third.body.id)).filter((l) => l.source_id === id).map((l) => `${lineKey(l)}|${String(l.settlement)}`),
    ).toEqual([`${id}|${M}|recovery|-8000|receivable`]);
    // The recovery is listed for review; Q, paid the same as last month, is not.
    expect(await exceptionsOf(third.body.id)).toEqual([`${id}|${M}|recovery|recovery`]);
  });

  it("changes a county's settings through the API (validated, audited, the Schedule updated) and pays through a second bank's columns", async () => {
    const { county, township, policyIds } = await payrollCounty(sys.db, { firstPayrollMonth: M });
    const { maker, checker } = await officers(county);
    await ensureUser(sys.db, `pay.admin.${county}`, 'admin', county);
    await ensureUser(sys.db, `pay.township.${county}`, 'township_officer', township);
    const admin = await sys.token(`pay.admin.${county}`);
    const townshipOfficer = await sys.token(`pay.township.${county}`);
    const path = `/api/payroll/settings/${county}`;

    const defaults = await sys
      .http()
      .get(path)
      .set(...auth(maker))
      .expect(200);
    expect(defaults.body).toMatchObject({
      countyCode: county,
      schedule: { dayOfMonth: 10, hour: 9, minute: 0, timezone: 'Asia/Shanghai' },
      scheduleId: `payroll-${county}`,
      overridden: ['firstPayrollMonth'],
    });
    expect(defaults.body.bankFile.columns.map((c: { header: string }) => c.header)).toEqual([
      '序号',
      '姓名',
      '身份证号',
      '一卡通/社保卡账号',
      '开户行',
      '金额(元)',
      '补贴项目',
      '所属期',
      '业务流水号',
    ]);
    expect(defaults.body.bankReturn.columns.map((c: { header: string }) => c.header)).toEqual([
      '业务流水号',
      '账号',
      '户名',
      '金额',
      '处理结果',
      '失败原因',
    ]);

    // Bad input is a 400 with the reason, and changes nothing; a township officer may not change it.
    for (const bad of [
      { schedule: { dayOfMonth: 29, hour: 9 } },
      { schedule: { dayOfMonth: 0, hour: 9 } },
      { schedule: { dayOfMonth: 5, hour: 24 } },
      { schedule: { dayOfMonth: 5, hour: -1 } },
      { bankFile: { columns: [{ header: '姓名', field: 'name' }], csvEncodings: ['gbk'] } },
      { bankFile: { columns: [{ header: '备注', field: 'memo' }], csvEncodings: ['gbk'] } },
      { bankReturn: { columns: [{ header: '流水号', field: 'reference' }], successValues: ['成功'] } },
      { lanes: 3 },
    ]) {
      const res = await sys
        .http()
        .put(path)
        .set(...auth(admin))
        .send(bad)
        .expect(400);
      expect(res.body.code).toBe('VALIDATION_FAILED');
    }
    await sys
      .http()
      .put(path)
      .set(...auth(townshipOfficer))
      .send({ schedule: { dayOfMonth: 3, hour: 7 } })
      .expect(403);
    await sys
      .http()
      .put('/api/payroll/settings/000000')
      .set(...auth(admin))
      .send({ schedule: { dayOfMonth: 3, hour: 7 } })
      .expect(400);
    expect(await repo.countySettings(county)).toEqual({ firstPayrollMonth: M });

    // A second bank (邮储 style): its own columns and order, GBK CSV only; its return file by other headers.
    const secondBank = {
      schedule: { dayOfMonth: 3, hour: 7 },
      bankFile: {
        columns: [
          { header: '交易流水号', field: 'reference' },
          { header: '收款账号', field: 'account' },
          { header: '收款人', field: 'name' },
          { header: '证件号码', field: 'idNumber' },
          { header: '交易金额', field: 'amountYuan' },
          { header: '用途', field: 'item' },
        ],
        csvEncodings: ['gbk'],
      },
      bankReturn: {
        columns: [
          { header: '交易流水号', field: 'reference' },
          { header: '交易金额', field: 'amountYuan' },
          { header: '交易状态', field: 'result' },
          { header: '备注', field: 'failureReason' },
        ],
        successValues: ['交易成功'],
      },
    };
    const changed = await sys
      .http()
      .put(path)
      .set(...auth(admin))
      .send(secondBank)
      .expect(200);
    expect(changed.body).toMatchObject({
      schedule: { dayOfMonth: 3, hour: 7, minute: 0, timezone: 'Asia/Shanghai' },
      bankFile: secondBank.bankFile,
      bankReturn: secondBank.bankReturn,
      overridden: ['bankFile', 'bankReturn', 'firstPayrollMonth', 'schedule'],
    });
    expect(
      (
        await sys
          .http()
          .get(path)
          .set(...auth(checker))
          .expect(200)
      ).body,
    ).toEqual(changed.body);
    const audit: { actor_id: string; before: Record<string, unknown>; after: Record<string, unknown> }[] = await sys.db.query(
      `SELECT actor_id, before, after FROM audit_log WHERE action = 'payroll_settings_changed' AND region_code = $1`,
      [county],
    );
    expect(audit).toHaveLength(1);
    expect(audit[0].before).toEqual({ firstPayrollMonth: M });
    expect(audit[0].after).toMatchObject({ schedule: { dayOfMonth: 3, hour: 7 }, bankFile: secondBank.bankFile });
    // The county's Schedule follows: the 3rd at 07:00 Asia/Shanghai, catching up to the end of the 28th.
    const schedule = await sys.client.schedule.getHandle(`payroll-${county}`).describe();
    expect(schedule.spec.timezone).toBe('Asia/Shanghai');
    expect(schedule.spec.calendars?.[0]).toMatchObject({
      dayOfMonth: [{ start: 3, end: 3, step: 1 }],
      hour: [{ start: 7, end: 7, step: 1 }],
    });
    expect(schedule.policies.catchupWindow).toBe((25 * 24 + 17) * 3_600_000);
    await sys
      .http()
      .put(path)
      .set(...auth(maker))
      .send({ schedule: { dayOfMonth: 28, hour: 23 } })
      .expect(200);
    const moved = await sys.client.schedule.getHandle(`payroll-${county}`).describe();
    expect(moved.spec.calendars?.[0]).toMatchObject({
      dayOfMonth: [{ start: 28, end: 28, step: 1 }],
      hour: [{ start: 23, end: 23, step: 1 }],
    });
    // null keeps a setting as it is, like leaving it out.
    const kept = await sys
      .http()
      .put(path)
      .set(...auth(maker))
      .send({ bankFile: null, schedule: null, lookbackMonths: null })
      .expect(200);
    expect(kept.body).toMatchObject({ bankFile: secondBank.bankFile, schedule: { dayOfMonth: 28, hour: 23 }, lookbackMonths: 12 });
    await sys.client.schedule.getHandle(`payroll-${county}`).delete();

    // The month paid through the second bank's columns.
    const accounts = ['6217000000000000101', '6217000000000000102'];
    const people: string[] = [];
    for (const acct of accounts) {
      const p = await person(sys.db, township, '1950-05-05');
      people.push(p);
      await entitlement(sys.db, {
        personId: p,
        regionCode: township,
        kind: 'hardship-allowance',
        policyId: policyIds['hardship-allowance'],
        segments: [{ from: M, to: null, rule: 'hardship.age-band-60', fen: 8000 }],
      });
      await sys
        .http()
        .put(`/api/persons/${p}/bank-account`)
        .set(...auth(maker))
        .send({ accountNo: acct, bankName: '测试邮储银行' })
        .expect(200);
    }
    const started = await sys
      .http()
      .post('/api/payroll/runs')
      .set(...auth(maker))
      .send({ countyCode: county, month: M })
      .expect(201);
    const runId = started.body.id as string;
    await runUntil(runId, 'draft');
    await review(runId, maker, checker);
    expect((await repo.files(runId)).map((f) => f.format).sort()).toEqual(['csv-gbk', 'xlsx']);
    await sys
      .http()
      .get(`/api/payroll/runs/${runId}/files/${township}/csv-utf8`)
      .set(...auth(maker))
      .expect(404);

    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await download(`/api/payroll/runs/${runId}/files/${township}/xlsx`, maker)) as unknown as ArrayBuffer);
    const ws = wb.worksheets[0];
    expect(ws.getRow(1).getCell(8).value).toBe('2');
    expect(ws.getRow(1).getCell(10).value).toBe('160.00');
    expect((ws.getRow(2).values as unknown[]).slice(1)).toEqual(['交易流水号', '收款账号', '收款人', '证件号码', '交易金额', '用途']);
    const xlsxRows = [3, 4].map((r) => (ws.getRow(r).values as unknown[]).slice(1));
    expect(xlsxRows.map((r) => r[1]).sort()).toEqual(accounts);
    for (const r of xlsxRows) {
      expect(r).toHaveLength(6);
      expect(r[3]).toMatch(/^\d{17}[\dX]$/);
      expect(r.slice(4)).toEqual(['80.00', '经济困难老年人补贴']);
      for (const cell of r) expect(typeof cell).toBe('string');
    }
    const text = new TextDecoder('gb18030').decode(await download(`/api/payroll/runs/${runId}/files/${township}/csv-gbk`, maker));
    const lines = text.split('\r\n').filter((l) => l !== '');
    expect(lines[1]).toBe('交易流水号,收款账号,收款人,证件号码,交易金额,用途');
    expect(
      lines
        .slice(2)
        .map((l) => l.split(',')[1])
        .sort(),
    ).toEqual(accounts);
    const refs = xlsxRows.map((r) => String(r[0]));
    expect(
      lines
        .slice(2)
        .map((l) => l.split(',')[0])
        .sort(),
    ).toEqual([...refs].sort());

    // The bank's return as XLSX, in its own headers and order: one credited, one refused.
    const ret = new ExcelJS.Workbook();
    const rs = ret.addWorksheet('回盘');
    rs.addRow(['备注', '交易状态', '交易金额', '交易流水号']);
    rs.addRow(['', '交易成功', '80.00', refs[0]]);
    rs.addRow(['户名与账号不符', '交易失败', '80.00', refs[1]]);
    const imported = await sys
      .http()
      .post(`/api/payroll/runs/${runId}/returns`)
      .query({ filename: 'return.xlsx' })
      .set(...auth(maker))
      .set('Content-Type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
      .send(Buffer.from(await ret.xlsx.writeBuffer()))
      .expect(200);
    expect(imported.body.rows).toEqual([
      { rowNumber: 2, outcome: 'paid', reference: refs[0], reason: '' },
      { rowNumber: 3, outcome: 'failed', reference: refs[1], reason: '户名与账号不符' },
    ]);
    expect(imported.body.runStatus).toBe('reconciled');
  });

  it('pays a township whose elders bank at two banks: one file per bank in its columns, each return matched with its own', async () => {
    const { county, township, policyIds } = await payrollCounty(sys.db, { firstPayrollMonth: M });
    const { maker, checker } = await officers(county);
    // 农商银行 uses the county's default columns; 邮储银行 has its own file and return columns.
    const psbc = {
      code: 'PSBC',
      name: '邮储银行',
      bankFile: {
        columns: [
          { header: '交易流水号', field: 'reference' },
          { header: '收款账号', field: 'account' },
          { header: '收款人', field: 'name' },
          { header: '交易金额', field: 'amountYuan' },
        ],
        csvEncodings: ['gbk'],
      },
      bankReturn: {
        columns: [
          { header: '交易流水号', field: 'reference' },
          { header: '交易状态', field: 'result' },
          { header: '备注', field: 'failureReason' },
        ],
        successValues: ['交易成功'],
      },
    };
    const saved = await sys
      .http()
      .put(`/api/payroll/settings/${county}`)
      .set(...auth(maker))
      .send({ banks: [{ code: 'RCB', name: '农商银行' }, psbc] })
      .expect(200);
    expect(saved.body.banks).toEqual([{ code: 'RCB', name: '农商银行' }, psbc]);
    await sys
      .http()
      .put(`/api/payroll/settings/${county}`)
      .set(...auth(maker))
      .send({
        banks: [
          { code: 'RCB', name: '农商银行', bankReturn: { columns: [{ header: '流水', field: 'reference' }], successValues: ['成功'] } },
        ],
      })
      .expect(400);
    await sys.client.schedule.getHandle(`payroll-${county}`).delete();

    // Two elders at 农商银行 (one by code, one by the bank's name), two at 邮储银行.
    const accounts: Record<string, { acct: string; bank: { bankName: string; bankCode?: string } }> = {};
    const wanted = [
      { acct: '6217000000000000201', bank: { bankName: '平阴农商银行', bankCode: 'RCB' } },
      { acct: '6217000000000000202', bank: { bankName: '农商银行' } },
      { acct: '6217000000000000203', bank: { bankName: '中国邮政储蓄银行', bankCode: 'PSBC' } },
      { acct: '6217000000000000204', bank: { bankName: '中国邮政储蓄银行', bankCode: 'PSBC' } },
    ];
    for (const w of wanted) {
      const p = await person(sys.db, township, '1950-05-05');
      accounts[p] = w;
      await entitlement(sys.db, {
        personId: p,
        regionCode: township,
        kind: 'hardship-allowance',
        policyId: policyIds['hardship-allowance'],
        segments: [{ from: M, to: null, rule: 'hardship.age-band-60', fen: 8000 }],
      });
      const res = await sys
        .http()
        .put(`/api/persons/${p}/bank-account`)
        .set(...auth(maker))
        .send({ accountNo: w.acct, ...w.bank })
        .expect(200);
      expect(res.body.bankCode).toBe(w.bank.bankCode ?? 'RCB');
    }
    const unknownBank = await sys
      .http()
      .put(`/api/persons/${Object.keys(accounts)[0]}/bank-account`)
      .set(...auth(maker))
      .send({ accountNo: '6217000000000000299', bankName: '工商银行', bankCode: 'ICBC' })
      .expect(400);
    expect(unknownBank.body.fields?.[0]?.field).toBe('bankCode');

    const started = await sys
      .http()
      .post('/api/payroll/runs')
      .set(...auth(maker))
      .send({ countyCode: county, month: M })
      .expect(201);
    const runId = started.body.id as string;
    await runUntil(runId, 'draft');
    await review(runId, maker, checker);
    const files = (await repo.files(runId)).map((f) => `${f.townshipCode}|${f.bankCode}|${f.format}|${f.rows}|${f.totalFen}`).sort();
    expect(files).toEqual(
      [
        `${township}|PSBC|csv-gbk|2|16000`,
        `${township}|PSBC|xlsx|2|16000`,
        `${township}|RCB|csv-gbk|2|16000`,
        `${township}|RCB|csv-utf8|2|16000`,
        `${township}|RCB|xlsx|2|16000`,
      ].sort(),
    );

    // Each bank's file in its own columns, holding only its own accounts.
    const file = (bank: string, format: string) => download(`/api/payroll/runs/${runId}/files/${township}/${format}?bank=${bank}`, maker);
    const rcbText = new TextDecoder('gb18030').decode(await file('RCB', 'csv-gbk'));
    const rcb = rcbText.split('\r\n').filter((l) => l !== '');
    expect(rcb[1]).toBe('序号,姓名,身份证号,一卡通/社保卡账号,开户行,金额(元),补贴项目,所属期,业务流水号');
    expect(
      rcb
        .slice(2)
        .map((l) => l.split(',')[3])
        .sort(),
    ).toEqual(['6217000000000000201', '6217000000000000202']);
    const rcbRefs = rcb.slice(2).map((l) => l.split(',')[8]);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await file('PSBC', 'xlsx')) as unknown as ArrayBuffer);
    const ws = wb.worksheets[0];
    expect((ws.getRow(2).values as unknown[]).slice(1)).toEqual(['交易流水号', '收款账号', '收款人', '交易金额']);
    const psbcRows = [3, 4].map((r) => (ws.getRow(r).values as unknown[]).slice(1).map(String));
    expect(psbcRows.map((r) => r[1]).sort()).toEqual(['6217000000000000203', '6217000000000000204']);
    const psbcRefs = psbcRows.map((r) => r[0]);
    // No file in the default mapping (every account has a bank), nor a UTF-8 CSV for 邮储银行.
    await sys
      .http()
      .get(`/api/payroll/runs/${runId}/files/${township}/xlsx`)
      .set(...auth(maker))
      .expect(404);
    await sys
      .http()
      .get(`/api/payroll/runs/${runId}/files/${township}/csv-utf8?bank=PSBC`)
      .set(...auth(maker))
      .expect(404);

    // 邮储银行's return in its own headers: one credited, one refused; a 农商银行 reference in it is unknown there.
    const psbcReturn = iconv.encode(
      ['交易流水号,交易状态,备注', `${psbcRefs[0]},交易成功,`, `${psbcRefs[1]},交易失败,账户已冻结`, `${rcbRefs[0]},交易成功,`].join(
        '\r\n',
      ),
      'gbk',
    );
    const first = await sys
      .http()
      .post(`/api/payroll/runs/${runId}/returns`)
      .query({ filename: 'psbc.csv', bank: 'PSBC' })
      .set(...auth(maker))
      .set('Content-Type', 'text/csv')
      .send(psbcReturn)
      .expect(200);
    expect(first.body.bankCode).toBe('PSBC');
    expect(first.body.rows.map((r: { rowNumber: number; outcome: string }) => `${r.rowNumber}:${r.outcome}`)).toEqual([
      '2:paid',
      '3:failed',
      '4:unknown',
    ]);
    expect(first.body.runStatus).toBe('released');
    // The same 邮储 file read with 农商银行's (default) columns finds no reference column: 400, nothing recorded.
    await sys
      .http()
      .post(`/api/payroll/runs/${runId}/returns`)
      .query({ filename: 'psbc.csv', bank: 'RCB' })
      .set(...auth(maker))
      .set('Content-Type', 'text/csv')
      .send(psbcReturn)
      .expect(400);
    // 农商银行's return in the default columns: both credited, and the run is reconciled.
    const rcbReturn = iconv.encode(
      [
        '业务流水号,账号,户名,金额,处理结果,失败原因',
        `${rcbRefs[0]},${rcb[2].split(',')[3]},,80.00,成功,`,
        `${rcbRefs[1]},${rcb[3].split(',')[3]},,80.00,成功,`,
      ].join('\r\n'),
      'gbk',
    );
    const second = await sys
      .http()
      .post(`/api/payroll/runs/${runId}/returns`)
      .query({ filename: 'rcb.csv', bank: 'RCB' })
      .set(...auth(maker))
      .set('Content-Type', 'text/csv')
      .send(rcbReturn)
      .expect(200);
    expect(second.body.rows.map((r: { outcome: string }) => r.outcome)).toEqual(['paid', 'paid']);
    expect(second.body.runStatus).toBe('reconciled');
    const results: { outcome: string; reason: string | null }[] = await sys.db.query(
      `SELECT br.outcome, br.reason FROM payroll_bank_results br JOIN payroll_payments pp ON pp.reference = br.reference
        WHERE pp.run_id = $1 ORDER BY br.outcome, br.reason`,
      [runId],
    );
    expect(results).toEqual([
      { outcome: 'failed', reason: '账户已冻结' },
      { outcome: 'paid', reason: null },
      { outcome: 'paid', reason: null },
      { outcome: 'paid', reason: null },
    ]);
  });

  it('creates one Schedule per county: its day and hour, Asia/Shanghai, overlap skip, catch-up within the month', async () => {
    const { county } = await payrollCounty(sys.db, { schedule: { dayOfMonth: 5, hour: 8, minute: 30, timezone: 'Asia/Shanghai' } });
    const ids = await ensurePayrollSchedules(sys.client, sys.taskQueue, sys.db);
    expect(ids).toEqual(expect.arrayContaining(['payroll-370124', `payroll-${county}`]));
    const d = await sys.client.schedule.getHandle(`payroll-${county}`).describe();
    expect(d.spec.timezone).toBe('Asia/Shanghai');
    expect(d.spec.calendars?.[0]).toMatchObject({ dayOfMonth: [{ start: 5, end: 5, step: 1 }], hour: [{ start: 8, end: 8, step: 1 }] });
    expect(d.policies.overlap).toBe('SKIP');
    // From the 5th 08:00 to the end of the 28th: (28 − 5) days and 16 hours.
    expect(d.policies.catchupWindow).toBe((23 * 24 + 16) * 3_600_000);
    expect(d.action).toMatchObject({ workflowType: 'payrollWorkflow', args: [{ countyCode: county }] });
    await sys.client.schedule.getHandle(`payroll-${county}`).delete();
  });
});
