import { DEFAULT_CARE_RULES } from '../assessment';
import { DEFAULT_HARDSHIP_RULES } from '../entitlement';
import type { MonthPolicy, PayrollSourceFacts } from './monthly-due';
import { linesForSource, priorLinesFrom, type PayrollLineSettings, type PriorLine } from './payroll-lines';

const POLICY: MonthPolicy = { policyId: 'p', version: 1, hardship: DEFAULT_HARDSHIP_RULES, care: DEFAULT_CARE_RULES };
const SETTINGS: PayrollLineSettings = { firstPayrollMonth: '2026-01', lookbackMonths: 12, recovery: 'offset' };
const facts = (from: string, to: string | null = null, deathDate: string | null = null): PayrollSourceFacts => ({
  kind: 'hardship-allowance',
  spans: [{ from, to, rule: 'hardship.age-band-60' }],
  birthDate: '1960-01-01',
  deathDate,
  movedOutOn: null,
});
const paid = (
  periodMonth: string,
  amountFen = 8000,
  settlement: PriorLine['settlement'] = 'paid',
  bankAccountId: string | null = 'acct-1',
): PriorLine => ({
  lineId: `line-${periodMonth}-${amountFen}-${settlement}`,
  periodMonth,
  kind: 'regular',
  amountFen,
  settlement,
  bankAccountId,
});

const run = (
  f: PayrollSourceFacts,
  runMonth: string,
  prior: PriorLine[],
  currentAccountId: string | null = 'acct-1',
  settings = SETTINGS,
) => linesForSource({ facts: f, runMonth, policyFor: () => POLICY, prior, currentAccountId, settings });

const summary = (r: ReturnType<typeof run>) => r.lines.map((l) => `${l.kind}:${l.periodMonth}:${l.amountFen}:${l.settlement}`);

describe('linesForSource: the ledger lines a run writes for one source', () => {
  it.each([
    ['first month: one regular line', facts('2026-03'), '2026-03', [], ['regular:2026-03:8000:payable'], ['first-payment']],
    [
      'continuing month: one regular line',
      facts('2026-01'),
      '2026-03',
      [paid('2026-01'), paid('2026-02')],
      ['regular:2026-03:8000:payable'],
      [],
    ],
    [
      'late approval: start month two months back → 补发 for both',
      facts('2026-02'),
      '2026-04',
      [],
      ['regular:2026-04:8000:payable', 'arrears:2026-02:8000:payable', 'arrears:2026-03:8000:payable'],
      ['arrears', 'first-payment'],
    ],
    [
      'arrears never reach before the first payroll month',
      facts('2025-06'),
      '2026-02',
      [],
      ['regular:2026-02:8000:payable', 'arrears:2026-01:8000:payable'],
      ['arrears', 'first-payment'],
    ],
    [
      'death in March reported after April was paid → 追回 April, nothing for May',
      facts('2026-01', '2026-03', '2026-03-20'),
      '2026-05',
      [paid('2026-01'), paid('2026-02'), paid('2026-03'), paid('2026-04')],
      ['recovery:2026-04:-8000:receivable'],
      ['recovery'],
    ],
    [
      'last month flagged',
      facts('2026-01', '2026-03'),
      '2026-03',
      [paid('2026-01'), paid('2026-02')],
      ['regular:2026-03:8000:payable'],
      ['last-payment'],
    ],
    [
      'amount change flagged (band moved)',
      facts('2026-01'),
      '2026-03',
      [paid('2026-01', 6000), paid('2026-02', 6000)],
      ['regular:2026-03:8000:payable', 'arrears:2026-01:2000:payable', 'arrears:2026-02:2000:payable'],
      ['amount-changed', 'arrears'],
    ],
    [
      'no look-back: last month paid the same → no flag (not a first payment)',
      facts('2026-01'),
      '2026-03',
      [paid('2026-02')],
      ['regular:2026-03:8000:payable'],
      [],
      { ...SETTINGS, lookbackMonths: 0 },
    ],
    [
      'no look-back: last month paid less → amount changed, nothing repaid',
      facts('2026-01'),
      '2026-03',
      [paid('2026-02', 6000)],
      ['regular:2026-03:8000:payable'],
      ['amount-changed'],
      { ...SETTINGS, lookbackMonths: 0 },
    ],
  ])('%s', (_n, f, month, prior, lines, flags, settings = SETTINGS) => {
    const r = run(f as PayrollSourceFacts, month as string, prior as PriorLine[], 'acct-1', settings as PayrollLineSettings);
    expect(summary(r)).toEqual(lines);
    expect(r.flags).toEqual(flags);
  });

  it.each([
    ['a payment', facts('2026-03'), '2026-03', [], null, ['first-payment', 'no-bank-account']],
    ['with an account', facts('2026-03'), '2026-03', [], 'acct-1', ['first-payment']],
    [
      'a receivable only (recovered, not credited)',
      facts('2026-01', '2026-03', '2026-03-20'),
      '2026-05',
      [paid('2026-01'), paid('2026-02'), paid('2026-03'), paid('2026-04')],
      null,
      ['recovery'],
    ],
  ])('lines without a bank account are flagged: %s', (_n, f, month, prior, account, flags) => {
    expect(run(f, month, prior, account).flags).toEqual(flags);
  });

  it.each([
    ['window reaches back', '2026-06', 12, '2026-01', '2026-01'],
    ['window of 3 months', '2026-06', 3, '2026-01', '2026-03'],
    ['no window: last month still read', '2026-06', 0, '2026-01', '2026-05'],
    ['first payroll month: last month still read', '2026-06', 12, '2026-06', '2026-05'],
  ])('priorLinesFrom: %s', (_n, month, lookbackMonths, firstPayrollMonth, expected) => {
    expect(priorLinesFrom(month, { lookbackMonths, firstPayrollMonth })).toBe(expected);
  });

  it('a failed credit is paid again as 补发 once the account changed, pointing at the failed line', () => {
    const failed = paid('2026-02', 8000, 'failed', 'acct-1');
    const prior = [paid('2026-01'), failed];
    expect(summary(run(facts('2026-01'), '2026-03', prior, 'acct-1'))).toEqual(['regular:2026-03:8000:payable']);
    expect(run(facts('2026-01'), '2026-03', prior, 'acct-1').flags).toContain('awaiting-account');
    const corrected = run(facts('2026-01'), '2026-03', prior, 'acct-2');
    expect(summary(corrected)).toEqual(['regular:2026-03:8000:payable', 'arrears:2026-02:8000:payable']);
    expect(corrected.lines[1].correctsLineId).toBe(failed.lineId);
  });

  it.each([
    [
      'the month still owed, the source still paid',
      facts('2026-01'),
      '2026-03',
      [paid('2026-01'), { ...paid('2026-02', 8000, 'failed', 'acct-1'), failureReason: '账户已冻结' }],
      ['2026-02:8000:账户已冻结'],
    ],
    [
      'the source stopped: no line this month, the held 补发 still listed',
      facts('2026-01', '2026-02'),
      '2026-03',
      [paid('2026-01'), { ...paid('2026-02', 8000, 'failed', 'acct-1'), failureReason: '户名不符' }],
      ['2026-02:8000:户名不符'],
    ],
    [
      'no reason from the bank',
      facts('2026-01'),
      '2026-03',
      [paid('2026-01'), paid('2026-02', 8000, 'failed', 'acct-1')],
      ['2026-02:8000:未说明原因'],
    ],
    [
      'account corrected: paid, nothing held',
      facts('2026-01'),
      '2026-03',
      [paid('2026-01'), paid('2026-02', 8000, 'failed', 'acct-0')],
      [],
    ],
  ])('a failed credit waiting for a corrected account is held with its reason: %s', (_n, f, month, prior, expected) => {
    const r = run(f, month, prior, 'acct-1');
    expect(r.held.map((h) => `${h.periodMonth}:${h.amountFen}:${/\((.*)\)/.exec(h.why)?.[1]}`)).toEqual(expected);
    expect(r.flags.includes('awaiting-account')).toBe(expected.length > 0);
    for (const h of r.held) expect(h.correctsLineId).toBe(prior.find((l) => l.settlement === 'failed')!.lineId);
  });

  it('a held payment (no account) is paid again once an account exists', () => {
    const prior = [paid('2026-02', 8000, 'failed', null)];
    expect(summary(run(facts('2026-02'), '2026-03', prior, null))).toEqual(['regular:2026-03:8000:payable']);
    expect(summary(run(facts('2026-02'), '2026-03', prior, 'acct-9'))).toEqual([
      'regular:2026-03:8000:payable',
      'arrears:2026-02:8000:payable',
    ]);
  });

  it('a pending (released, not yet returned) payment is not paid twice', () => {
    expect(summary(run(facts('2026-02'), '2026-03', [paid('2026-02', 8000, 'pending')]))).toEqual(['regular:2026-03:8000:payable']);
  });

  it('a recovery is offset against the same allowance this run when the policy allows and it fits', () => {
    // Paid 100 for February but only 80 was owed (say the band was recorded wrongly): 20 back from March's 80.
    const r = run(facts('2026-01'), '2026-03', [paid('2026-01'), paid('2026-02', 10000)]);
    expect(summary(r)).toEqual(['regular:2026-03:8000:payable', 'recovery:2026-02:-2000:offset']);
    const receivable = run(facts('2026-01'), '2026-03', [paid('2026-01'), paid('2026-02', 10000)], 'acct-1', {
      ...SETTINGS,
      recovery: 'receivable',
    });
    expect(summary(receivable)).toEqual(['regular:2026-03:8000:payable', 'recovery:2026-02:-2000:receivable']);
  });

  it('a recovery already recorded is not recovered again', () => {
    const prior: PriorLine[] = [paid('2026-01'), paid('2026-02'), paid('2026-03'), { ...paid('2026-03', -8000), kind: 'recovery' }];
    expect(summary(run(facts('2026-01', '2026-02', '2026-02-10'), '2026-04', prior))).toEqual([]);
  });
});
