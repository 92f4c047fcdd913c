import { condition } from '@temporalio/workflow';
import type { CasePolicy } from '@app/domain/policy';
import { acts, type LiveTask } from './case-kit';

/** What a deadline watch needs of its case. */
export interface WatchedCase {
  readonly caseId: string;
  readonly policy: CasePolicy;
  now(): string;
  eventKey(what: string): string;
}

/**
 * The deadlines of a case's open tasks: an updatable timer per task, escalation when it runs out,
 * and a recount when an admin loads a year's holiday arrangement (only before the first escalation).
 */
export class DeadlineWatch {
  /** Years whose holiday arrangement an admin loaded or replaced while this run was open. */
  private readonly calendarChanges: number[] = [];

  constructor(private readonly run: WatchedCase) {}

  calendarChanged(year: number): void {
    this.calendarChanges.push(year);
  }

  /** A mark taken before a task's row is written: a holiday year loaded meanwhile still recounts it. */
  mark(): number {
    return this.calendarChanges.length;
  }

  /** Watches the task until it is decided or cancelled (runs beside the case; nothing awaits it). */
  watch(task: LiveTask, calendarChangesSeen: number): void {
    void this.watchDeadline(task, calendarChangesSeen);
  }

  /**
   * Overdue at the deadline: mark and escalate to the region's supervisors; then, per policy,
   * one level up after a further period. A late decision is still a decision: nothing else changes.
   * Until the first escalation, a newly loaded holiday arrangement recounts the deadline (the row
   * and this timer move together).
   */
  private async watchDeadline(task: LiveTask, calendarChangesSeen: number): Promise<void> {
    const done = () => task.completion !== null || task.cancelled;
    let level = 0;
    let wakeAt = Date.parse(task.dueAt);
    let seenChanges = calendarChangesSeen;
    const recount = () => level === 0 && this.calendarChanges.length > seenChanges;
    const { escalation } = this.run.policy;
    for (;;) {
      if (await condition(() => done() || recount(), Math.max(1, wakeAt - Date.now()))) {
        if (done()) return;
        const years = [...new Set(this.calendarChanges.slice(seenChanges))];
        seenChanges = this.calendarChanges.length;
        const recounted = await acts.recountTaskDeadline({
          caseId: this.run.caseId,
          taskId: task.taskId,
          openedAt: task.openedAt,
          deadline: task.deadline,
          years,
          eventKey: this.run.eventKey('deadline-recounted'),
          at: this.run.now(),
        });
        task.dueAt = recounted.dueAt;
        task.dueDate = recounted.dueDate;
        wakeAt = Date.parse(recounted.dueAt);
        continue;
      }
      level += 1;
      await acts.escalateTask({ caseId: this.run.caseId, taskId: task.taskId, level, at: this.run.now() });
      if (level >= escalation.maxLevel || !escalation.repeatAfter) return;
      const next = await acts.computeDeadline({ from: new Date(wakeAt).toISOString(), duration: escalation.repeatAfter });
      wakeAt = Date.parse(next.dueAt);
    }
  }
}
