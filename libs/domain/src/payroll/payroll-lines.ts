import { addMonths, compareMonths, maxMonth, type YearMonth } from '../dates';
import { birthdayMonths, monthlyDue, type MonthPolicy, type PayrollSourceFacts } from './monthly-due';

/** 正常发放 (the month's own payment), 补发 (arrears for an earlier month), 追回 (an overpayment). */
export type LedgerLineKind = 'regular' | 'arrears' | 'recovery';

export const LEDGER_LINE_KIND_LABELS: Record<LedgerLineKind, string> = { regular: '正常发放', arrears: '补发', recovery: '追回' };

/** What happened to a line already in the ledger, as far as the money is concerned. */
export type LineSettlement = 'pending' | 'paid' | 'failed';

/** A line of an earlier run (never of the run being computed), with the bank's answer so far. */
export interface PriorLine {
  readonly lineId: string;
  readonly periodMonth: YearMonth;
  readonly kind: LedgerLineKind;
  readonly amountFen: number;
  readonly settlement: LineSettlement;
  /** The account the failed payment went to (null: there was none, the payment was held). */
  readonly bankAccountId: string | null;
  /** The bank's reason for a failed credit (or why it was held), when it gave one. */
  readonly failureReason?: string | null;
}

export interface PayrollLineSettings {
  /** The county's first month paid through this system: earlier months were paid outside it. */
  readonly firstPayrollMonth: YearMonth;
  /** Arrears and recoveries look back at most this many months before the run's month. */
  readonly lookbackMonths: number;
  /** 'offset': a recovery is deducted from the same allowance's payment this run where it fits. */
  readonly recovery: 'offset' | 'receivable';
}

/**
 * Why a reviewer looks at a source's lines (the exceptions list is every line with a flag):
 * first and last payments, an amount different from last month's, arrears, recoveries, a failed
 * credit waiting for a corrected account, and money owed to someone without a bank account.
 */
export type LineFlag =
  'first-payment' | 'last-payment' | 'amount-changed' | 'arrears' | 'recovery' | 'awaiting-account' | 'no-bank-account';

export interface ComputedLine {
  readonly periodMonth: YearMonth;
  readonly kind: LedgerLineKind;
  /** Integer fen; negative for a recovery. */
  readonly amountFen: number;
  readonly rule: string;
  readonly policyId: string | null;
  readonly policyVersion: number | null;
  /** The failed line this arrears pays again, if any. */
  readonly correctsLineId: string | null;
  /** For recoveries: offset against this run's payment, or a receivable listed for recovery. */
  readonly settlement: 'payable' | 'offset' | 'receivable';
  readonly why: string;
}

/**
 * 补发 owed for a month whose credit failed, held because the account has not been corrected
 * since: no ledger line (nothing is paid), but the reviewer must see it with the reason.
 */
export interface HeldArrears {
  readonly periodMonth: YearMonth;
  readonly amountFen: number;
  /** The failed line it would pay again. */
  readonly correctsLineId: string;
  readonly why: string;
}

export interface SourceLines {
  readonly lines: readonly ComputedLine[];
  readonly held: readonly HeldArrears[];
  readonly flags: readonly LineFlag[];
}

/**
 * The ledger lines one source owes in the run for `runMonth`: the month's own line, then for each
 * earlier month in the look-back window the difference between what is owed now and what earlier
 * runs paid (failed credits count as unpaid): a shortfall is 补发, an excess is 追回. A failed
 * credit is paid again only once the account has changed since it failed; until then it is
 * flagged 'awaiting-account' and nothing is written.
 */
/** The earliest month whose earlier lines `linesForSource` reads: the window's start, or last month if earlier. */
export function priorLinesFrom(
  runMonth: YearMonth,
  settings: Pick<PayrollLineSettings, 'firstPayrollMonth' | 'lookbackMonths'>,
): YearMonth {
  const from = maxMonth(settings.firstPayrollMonth, addMonths(runMonth, -settings.lookbackMonths));
  const last = addMonths(runMonth, -1);
  return compareMonths(from, last) < 0 ? from : last;
}

export function linesForSource(input: {
  readonly facts: PayrollSourceFacts;
  readonly runMonth: YearMonth;
  readonly policyFor: (month: YearMonth) => MonthPolicy | null;
  /**
   * Earlier runs' lines of this source from the month before the look-back window (see
   * `priorLinesFrom`): last month's line tells a first payment and an amount change apart even
   * when the window is empty.
   */
  readonly prior: readonly PriorLine[];
  readonly currentAccountId: string | null;
  readonly settings: PayrollLineSettings;
}): SourceLines {
  const { facts, runMonth, policyFor, prior, settings } = input;
  const lines: ComputedLine[] = [];
  const held: HeldArrears[] = [];
  const flags = new Set<LineFlag>();

  const birthdayMonth = birthdayMonths(facts.birthDate);
  const due = monthlyDue(facts, runMonth, policyFor(runMonth), birthdayMonth);
  if (due.due) {
    lines.push({
      periodMonth: runMonth,
      kind: 'regular',
      amountFen: due.amountFen,
      rule: due.rule,
      policyId: due.policyId,
      policyVersion: due.policyVersion,
      correctsLineId: null,
      settlement: 'payable',
      why: due.why,
    });
    const previous = prior.filter((l) => l.kind === 'regular' && l.periodMonth === addMonths(runMonth, -1));
    if (prior.length === 0) flags.add('first-payment');
    else if (previous.length > 0 && previous.some((l) => l.amountFen !== due.amountFen)) flags.add('amount-changed');
    const next = addMonths(runMonth, 1);
    if (!monthlyDue(facts, next, policyFor(next), birthdayMonth).due) flags.add('last-payment');
  }

  const from = maxMonth(settings.firstPayrollMonth, addMonths(runMonth, -settings.lookbackMonths));
  const recoveries: ComputedLine[] = [];
  for (let p = from; compareMonths(p, runMonth) < 0; p = addMonths(p, 1)) {
    const owed = monthlyDue(facts, p, policyFor(p), birthdayMonth);
    const owedFen = owed.due ? owed.amountFen : 0;
    const ofMonth = prior.filter((l) => l.periodMonth === p);
    const counted = ofMonth.filter((l) => l.settlement !== 'failed').reduce((s, l) => s + l.amountFen, 0);
    if (owedFen > counted) {
      const failed = ofMonth.filter((l) => l.settlement === 'failed' && l.amountFen > 0);
      const lastFailed = failed[failed.length - 1];
      if (lastFailed && lastFailed.bankAccountId === input.currentAccountId) {
        flags.add('awaiting-account');
        const reason = lastFailed.failureReason?.trim() || '未说明原因';
        held.push({
          periodMonth: p,
          amountFen: owedFen - counted,
          correctsLineId: lastFailed.lineId,
          why: `暂缓补发${p}:该月发放失败(${reason}),待更正账户后补发`,
        });
        continue;
      }
      // Before the first regular line there is nothing to repay a failure against: a late approval.
      lines.push({
        periodMonth: p,
        kind: 'arrears',
        amountFen: owedFen - counted,
        rule: owed.due ? owed.rule : 'arrears',
        policyId: owed.due ? owed.policyId : null,
        policyVersion: owed.due ? owed.policyVersion : null,
        correctsLineId: lastFailed?.lineId ?? null,
        settlement: 'payable',
        why: lastFailed ? `补发${p}:该月发放失败,账户已更正` : `补发${p}:${owed.due ? owed.why : ''}(此前未发放)`,
      });
      flags.add('arrears');
    } else if (owedFen < counted) {
      recoveries.push({
        periodMonth: p,
        kind: 'recovery',
        amountFen: owedFen - counted,
        rule: 'recovery',
        policyId: owed.due ? owed.policyId : null,
        policyVersion: owed.due ? owed.policyVersion : null,
        correctsLineId: null,
        settlement: 'receivable',
        why: `追回${p}:已发${counted / 100}元,应发${owedFen / 100}元(${owed.due ? owed.why : owed.why})`,
      });
      flags.add('recovery');
    }
  }
  if (recoveries.length > 0) {
    const payable = lines.reduce((s, l) => s + l.amountFen, 0);
    const owedBack = -recoveries.reduce((s, l) => s + l.amountFen, 0);
    const settlement = settings.recovery === 'offset' && owedBack <= payable ? 'offset' : 'receivable';
    for (const r of recoveries) lines.push({ ...r, settlement });
  }
  // A receivable is collected, not credited: only money going to the elder needs an account.
  if (input.currentAccountId === null && lines.some((l) => l.settlement !== 'receivable')) flags.add('no-bank-account');
  return { lines, held, flags: [...flags].sort() };
}
