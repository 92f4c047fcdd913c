import type { CaseStatus } from '@app/contracts';
import { shanghaiDateOf } from '@app/domain/dates';
import type { ChainStepPolicy, DurationPolicy, NoticeStepPolicy, StepCode } from '@app/domain/policy';
import type { CaseStateChange, DeadlineResult } from '../../activities/activity-types';
import { CaseEnded, type ChainHooks, type ChainResult, type LiveTask, type StepNeeds, type TaskCompletion } from './case-kit';

/** What the chain needs of its case run (CaseRun). */
export interface ChainedCase {
  readonly caseId: string;
  currentStep: StepCode | null;
  status: CaseStatus;
  nextWakeAt: number | null;
  readonly withdrawn: boolean;
  now(): string;
  eventKey(what: string): string;
  task(taskId: string): Readonly<LiveTask> | undefined;
  deadline(from: string, duration: DurationPolicy): Promise<DeadlineResult>;
  setState(change: CaseStateChange): Promise<void>;
  waitFor(fn: () => boolean, timeoutMs?: number): Promise<boolean>;
  runTask(step: StepCode, context?: Record<string, unknown> | null, needs?: StepNeeds): Promise<TaskCompletion>;
  /** Throws the case's ending (withdrawal, a life event) if it has one. */
  endIfEnding(): void;
}

/**
 * The policy's approval chain of a case: its task steps, the public notice with objections, and
 * returns for missing materials. Keeps the notice's own state (open, its objection tasks).
 */
export class ApprovalChain {
  private noticeOpen = false;
  private readonly objectionTasks = new Set<string>();

  constructor(private readonly run: ChainedCase) {}

  /** Objections are registered only while the notice runs. */
  get inNotice(): boolean {
    return this.noticeOpen;
  }

  objectionOpened(taskId: string): void {
    this.objectionTasks.add(taskId);
  }

  /** Objections registered and not yet resolved. */
  openObjections(): number {
    return [...this.objectionTasks].filter((id) => !this.run.task(id)?.completion).length;
  }

  /** Public notice: runs its period; objections pause the case until resolved; an upheld one refuses it. */
  private async runNotice(p: NoticeStepPolicy): Promise<void> {
    this.run.currentStep = 'notice';
    const end = await this.run.deadline(this.run.now(), p.period);
    await this.run.setState({
      caseId: this.run.caseId,
      eventKey: this.run.eventKey('notice_started'),
      status: 'in_progress',
      currentStep: 'notice',
      action: 'notice_started',
      details: { endsOn: end.dueDate, endsAt: end.dueAt },
      at: this.run.now(),
    });
    this.noticeOpen = true;
    this.run.nextWakeAt = Date.parse(end.dueAt);
    const openObjections = () => [...this.objectionTasks].filter((id) => !this.run.task(id)?.completion);
    const upheld = () => [...this.objectionTasks].map((id) => this.run.task(id)?.completion).find((c) => c?.outcome === 'upheld');
    await this.run.waitFor(() => this.run.withdrawn || upheld() !== undefined, this.run.nextWakeAt - Date.now());
    this.run.nextWakeAt = null;
    await this.run.waitFor(() => this.run.withdrawn || upheld() !== undefined || openObjections().length === 0);
    this.noticeOpen = false;
    this.run.endIfEnding();
    const refusal = upheld();
    if (refusal) throw new CaseEnded('rejected', refusal.comment ?? '公示异议成立', 'objection_upheld');
    this.run.status = 'in_progress';
    await this.run.setState({
      caseId: this.run.caseId,
      eventKey: this.run.eventKey('notice_completed'),
      status: 'in_progress',
      currentStep: 'notice',
      action: 'notice_completed',
      details: { objections: this.objectionTasks.size },
      at: this.run.now(),
    });
  }

  /**
   * Runs the policy's chain from `fromStep` (or the start). Refusal ends the case; a return for
   * missing materials opens a supplement task and, when they arrive, the same step again with a
   * fresh deadline.
   */
  async runChain(chain: ChainStepPolicy[], hooks: ChainHooks = {}): Promise<ChainResult> {
    let last: TaskCompletion | null = null;
    for (const step of chain) {
      if (step.kind === 'notice') {
        await this.runNotice(step);
        continue;
      }
      for (;;) {
        const completion = await this.run.runTask(step.step, hooks.contextFor?.(step.step) ?? null, hooks.needsFor?.(step.step) ?? {});
        if (completion.outcome === 'reject') {
          throw new CaseEnded('rejected', completion.comment ?? '', `${step.step}_rejected`);
        }
        if (completion.outcome === 'return') {
          await this.runSupplement(completion);
          continue;
        }
        last = completion;
        if (step.step === 'acceptance') {
          await this.run.setState({
            caseId: this.run.caseId,
            eventKey: `${this.run.caseId}:accepted:${completion.taskId}`,
            status: 'in_progress',
            currentStep: 'acceptance',
            acceptedOn: shanghaiDateOf(Date.parse(completion.completedAt)),
            action: 'accepted',
            actor: completion.actor,
            at: completion.completedAt,
          });
        }
        await hooks.afterStep?.(step.step, completion);
        break;
      }
    }
    return { outcome: 'approved', completion: last };
  }

  private async runSupplement(returned: TaskCompletion): Promise<void> {
    this.run.status = 'returned';
    await this.run.setState({
      caseId: this.run.caseId,
      eventKey: `${this.run.caseId}:returned:${returned.taskId}`,
      status: 'returned',
      currentStep: 'supplement',
      action: 'returned_for_materials',
      actor: returned.actor,
      reason: returned.comment,
      at: returned.completedAt,
    });
    const supplied = await this.run.runTask('supplement', { returnedAt: returned.step, missing: returned.comment });
    if (supplied.outcome === 'abandoned') {
      throw new CaseEnded('closed', supplied.comment ?? '未补正材料', 'closed_materials_not_supplied');
    }
    this.run.status = 'in_progress';
  }
}
