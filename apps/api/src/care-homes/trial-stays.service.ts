import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Client } from '@temporalio/client';
import type { DataSource } from 'typeorm';
import { caseWorkflowId, leaveTrialEarlyUpdate, type Actor } from '@app/contracts';
import { ApiError } from '../common/api-error.exception';
import { TEMPORAL_CLIENT } from '../temporal/temporal.module';
import { WorkflowUpdates } from '../temporal/workflow-errors';
import { TrialStaysRepository, WaitingListRepository, type TrialStayView } from '@app/persistence';

/** A trial-stay case as the care-home side sees it: home, bed, trial dates, waiting-list place, support. */
@Injectable()
export class TrialStaysService {
  constructor(
    private readonly updates: WorkflowUpdates,
    @InjectDataSource() private readonly db: DataSource,
    @Inject(TEMPORAL_CLIENT) private readonly temporal: Client,
  ) {}

  async get(actor: Actor, caseId: string) {
    const row = await this.findScoped(actor, caseId);
    const waiting = await new WaitingListRepository(this.db).entryOf(caseId);
    const support = await new TrialStaysRepository(this.db).supportOf(row.person_id);
    const holdsBed = row.bed_id !== null && row.bed_case_id === caseId;
    return {
      caseId: row.case_id,
      caseNo: row.case_no,
      caseStatus: row.status,
      careHome: row.home_id ? { id: row.home_id, name: row.home_name } : null,
      priorityCategory: row.priority_category,
      careLevel: row.care_level,
      bed: row.bed_id ? { id: row.bed_id, label: row.bed_label, status: holdsBed ? row.bed_status : 'released' } : null,
      checkedInAt: row.checked_in_at,
      trialEndsAt: row.trial_ends_at,
      trialEndsOn: row.trial_ends_on,
      endedOn: row.ended_on,
      endKind: row.end_kind,
      endReason: row.end_reason,
      voluntaryWithdrawal: row.voluntary_withdrawal ?? false,
      waitingList: waiting
        ? { status: waiting.status, joinedAt: waiting.joinedAt, offeredAt: waiting.offeredAt, leftAt: waiting.leftAt }
        : null,
      supportArrangements: support,
    };
  }

  /** The elder leaves during the trial (a voluntary withdrawal): the bed goes to the next in line. */
  async leave(actor: Actor, caseId: string, reason: string) {
    await this.findScoped(actor, caseId);
    const handle = this.temporal.workflow.getHandle(caseWorkflowId(caseId));
    await this.updates.run(() => handle.executeUpdate(leaveTrialEarlyUpdate, { args: [{ actor, reason }] }));
    return this.get(actor, caseId);
  }

  private async findScoped(actor: Actor, caseId: string): Promise<TrialStayView> {
    const row = await new TrialStaysRepository(this.db).viewWithin(caseId, actor.regionCode);
    if (!row) throw ApiError.notFound('Case');
    if (row.case_type !== 'trial-stay') throw new ApiError('NOT_APPLICABLE', 'This case is not a trial stay.');
    return row;
  }
}
