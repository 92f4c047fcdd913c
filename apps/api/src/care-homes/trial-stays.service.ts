import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Client } from '@temporalio/client';
import type { DataSource } from 'typeorm';
import { caseWorkflowId, leaveTrialEarlyUpdate, type Actor } from '@app/contracts';
import { ApiError } from '../common/api-error.exception';
import { TEMPORAL_CLIENT } from '../temporal/temporal.module';
import { WorkflowUpdates } from '../temporal/workflow-errors';
import { inRegionSubtree } from '@app/persistence';

interface TrialStayRow {
  case_id: string;
  case_no: string;
  case_type: string;
  status: string;
  person_id: string;
  home_id: string | null;
  home_name: string | null;
  priority_category: string | null;
  care_level: string | null;
  bed_id: string | null;
  bed_label: string | null;
  bed_status: string | null;
  bed_case_id: string | null;
  checked_in_at: Date | null;
  trial_ends_at: Date | null;
  trial_ends_on: string | null;
  ended_on: string | null;
  end_kind: string | null;
  end_reason: string | null;
  voluntary_withdrawal: boolean | null;
}

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
    const waiting: { status: string; joined_at: Date; offered_at: Date | null; left_at: Date | null }[] = await this.db.query(
      'SELECT status, joined_at, offered_at, left_at FROM care_home_waiting_list WHERE case_id = $1',
      [caseId],
    );
    const support: Record<string, unknown>[] = await this.db.query(
      `SELECT kind, from_month AS "fromMonth", to_month AS "toMonth", home_id AS "homeId", case_id AS "caseId"
         FROM support_arrangements WHERE person_id = $1 ORDER BY from_month, kind`,
      [row.person_id],
    );
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
      waitingList: waiting[0]
        ? { status: waiting[0].status, joinedAt: waiting[0].joined_at, offeredAt: waiting[0].offered_at, leftAt: waiting[0].left_at }
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

  private async findScoped(actor: Actor, caseId: string): Promise<TrialStayRow> {
    const rows: TrialStayRow[] = await this.db.query(
      `SELECT c.id AS case_id, c.case_no, c.case_type, c.status, c.person_id, ts.home_id, h.name AS home_name, ts.priority_category, ts.care_level,
              ts.bed_id, b.label AS bed_label, b.status AS bed_status, b.case_id AS bed_case_id, ts.checked_in_at, ts.trial_ends_at,
              to_char(ts.trial_ends_on, 'YYYY-MM-DD') AS trial_ends_on, to_char(ts.ended_on, 'YYYY-MM-DD') AS ended_on, ts.end_kind,
              ts.end_reason, ts.voluntary_withdrawal
         FROM cases c LEFT JOIN trial_stays ts ON ts.case_id = c.id LEFT JOIN care_homes h ON h.id = ts.home_id LEFT JOIN beds b ON b.id = ts.bed_id
        WHERE c.id = $1 AND ${inRegionSubtree('c.region_code', '$2')}`,
      [caseId, actor.regionCode],
    );
    if (rows.length === 0) throw ApiError.notFound('Case');
    if (rows[0].case_type !== 'trial-stay') throw new ApiError('NOT_APPLICABLE', 'This case is not a trial stay.');
    return rows[0];
  }
}
