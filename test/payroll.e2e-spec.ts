import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import { addMonths, lastDayOfMonth } from '@app/domain/dates';
import { PayrollRepository } from '@app/persistence';
import { ensurePayrollSchedules } from '@app/runtime';
import { previewPayroll } from '../activities/payroll.activities';
import { dispersedSupport, entitlement, payrollCounty, person } from './support/payroll-fixtures';
import { auth, ensureUser, eventually, startSystem, type TestSystem } from './support/system';
import { birthDateTurning, monthFromNow } from './support/today';

/**
 * The monthly payroll against the real Temporal server and PostgreSQL: lines by the rules, arrears
 * and recoveries, maker–checker, bank files read back, bank returns, and idempotency across a
 * second start and a worker killed mid-run.
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
    expect(flagsOf(ee)).toContain('no-bank-account');
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
    const audit: { action: string }[] = await sys.db.query(`SELECT action FROM audit_log WHERE after->>'runId' = $1 ORDER BY id`, [runId]);
    expect(audit.map((x) => x.action)).toEqual(
      expect.arrayContaining(['payroll_run_opened', 'payroll_run_computed', 'payroll_submit', 'payroll_approve', 'payroll_release']),
    );

    // Bank files: XLSX read back with exceljs, GBK decoded.
    expect(released.body.files.map((f: { format: string }) => f.format).sort()).toEqual(['csv-gbk', 'csv-utf8', 'xlsx']);
    const xlsx = await sys
      .http()
      .get(`/api/payroll/runs/${runId}/files/${township}/xlsx`)
      .set(...auth(maker))
      .buffer(true)
      .parse((res, cb) => {
        const chunks: Buffer[] = [];
        res.on('data', (x: Buffer) => chunks.push(x));
        res.on('end', () => cb(null, Buffer.concat(chunks)));
      });
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(xlsx.body as ArrayBuffer);
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
    const gbk = await sys
      .http()
      .get(`/api/payroll/runs/${runId}/files/${township}/csv-gbk`)
      .set(...auth(maker))
      .buffer(true)
      .parse((res, cb) => {
        const chunks: Buffer[] = [];
        res.on('data', (x: Buffer) => chunks.push(x));
        res.on('end', () => cb(null, Buffer.concat(chunks)));
      });
    const text = new TextDecoder('gb18030').decode(gbk.body as Buffer);
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
    await sys
      .http()
      .put(`/api/persons/${p}/bank-account`)
      .set(...auth(maker))
      .send({ accountNo: '6217000000000000077', bankName: '测试农商银行' })
      .expect(200);
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
    for (const run of [first.body.id, second.body.id]) {
      await sys
        .http()
        .post(`/api/payroll/runs/${run}/submit`)
        .set(...auth(maker))
        .send({})
        .expect(200);
      await sys
        .http()
        .post(`/api/payroll/runs/${run}/approve`)
        .set(...auth(checker))
        .send({})
        .expect(200);
      await sys
        .http()
        .post(`/api/payroll/runs/${run}/release`)
        .set(...auth(maker))
        .send({})
        .expect(200);
    }
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
    expect((await repo.ledgerDump(third.body.id)).map((l) => `${lineKey(l)}|${String(l.settlement)}`)).toEqual([
      `${id}|${M}|recovery|-8000|receivable`,
    ]);
  });

  it('survives a worker killed mid-run: continue-as-new between pages, and the same ledger as an uninterrupted computation', async () => {
    const { county, township, policyIds } = await payrollCounty(sys.db, { firstPayrollMonth: M, pageSize: 4 });
    const { maker } = await officers(county);
    // 240 entitlements in pages of 4: 60 pages, more than one workflow run's 50.
    for (let i = 0; i < 240; i++) {
      const p = await person(sys.db, township, `19${20 + (i % 30)}-0${1 + (i % 9)}-1${i % 10}`);
      await entitlement(sys.db, {
        personId: p,
        regionCode: township,
        kind: 'hardship-allowance',
        policyId: policyIds['hardship-allowance'],
        segments: [{ from: prev(3), to: null, rule: 'hardship.age-band-60', fen: 8000 }],
      });
    }
    const started = await sys
      .http()
      .post('/api/payroll/runs')
      .set(...auth(maker))
      .send({ countyCode: county, month: M })
      .expect(201);
    const runId = started.body.id as string;
    await eventually(async () => ((await repo.run(runId))!.pages_done >= 5 ? true : undefined), 30000, 'five pages');
    await sys.stopWorker();
    const partial = (await repo.ledgerDump(runId)).length;
    await sys.startWorker();
    const done = await runUntil(runId, 'draft');
    expect(partial).toBeLessThan(240);
    // 60 pages of 4 in four lanes: more pages than one workflow run takes before continuing as new.
    expect(done.pages_done).toBeGreaterThan(50);

    const ledger = await repo.ledgerDump(runId);
    expect(ledger).toHaveLength(240);
    const expected: string[] = [];
    await previewPayroll(sys.db, county, M, (page) =>
      expected.push(
        ...page.map((l) =>
          JSON.stringify([l.source_id, l.period_month, l.kind, l.amount_fen, l.settlement, l.rule, l.policy_version, l.flags, l.why]),
        ),
      ),
    );
    expect(
      ledger
        .map((l) =>
          JSON.stringify([l.source_id, l.period_month, l.kind, l.amount_fen, l.settlement, l.rule, l.policy_version, l.flags, l.why]),
        )
        .sort(),
    ).toEqual(expected.sort());

    // The workflow continued as new at least once (its first run is not its last).
    const wf = await sys.client.workflow.getHandle(run(started.body)).describe();
    expect(wf.runId).not.toBe(wf.raw.workflowExecutionInfo?.firstRunId);
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

  const run = (r: { countyCode: string; month: string }) => `payroll-${r.countyCode}-${r.month}`;
});
