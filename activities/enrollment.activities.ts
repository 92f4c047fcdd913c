import { whileHeartbeating } from './heartbeat';
import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { newCaseInput, OPEN_CASE_STATUSES, type CaseWorkflowInput } from '@app/contracts';
import { leastLoadedOfficer } from '@app/domain/access';
import { addMonths, firstDayOfMonth, shanghaiDateOf } from '@app/domain/dates';
import { parseResidentId } from '@app/domain/identity';
import { hardshipRules } from '@app/domain/policy';
import {
  AuditRepository,
  CasesRepository,
  PoliciesRepository,
  ProactiveEnrollmentRepository,
  RosterRepository,
  workflowPolicyOf,
} from '@app/persistence';

export interface ProactiveCandidate {
  rosterId: string;
  regionCode: string;
}

/**
 * 免申即享: elders already on the hardship roster who turn 60 next month get a case opened for
 * them, given to their township's officer, without applying.
 */
export function createEnrollmentActivities({ db }: { db: DataSource }) {
  return {
    /** One page of roster members whose 60th-birthday month is `month` and who have no hardship case open. */
    async findProactiveCandidates(input: { month: string; afterId: string | null; limit: number }): Promise<ProactiveCandidate[]> {
      const [year, mon] = input.month.split('-').map(Number);
      const birthMonth = `${year - 60}${String(mon).padStart(2, '0')}`;
      const monthStart = firstDayOfMonth(input.month);
      const rows = await whileHeartbeating(() =>
        new RosterRepository(db).proactiveCandidates({
          birthMonth,
          onDate: monthStart,
          categories: ['dibao', 'tekun', 'dishouru'],
          openStatuses: OPEN_CASE_STATUSES,
          afterId: input.afterId,
          limit: input.limit,
        }),
      );
      return rows.map((r) => ({ rosterId: r.id, regionCode: r.region_code })).sort((a, b) => (a.rosterId < b.rosterId ? -1 : 1));
    },

    /**
     * Opens the case (idempotent: the batch key + roster row name it) and returns the workflow
     * input, or null when the person already has an open case or no policy applies.
     */
    async openProactiveCase(input: { rosterId: string; batchKey: string }): Promise<CaseWorkflowInput | null> {
      return db.transaction(async (m) => {
        const eventKey = `proactive:${input.batchKey}:${input.rosterId}`;
        if (await new AuditRepository(m).has(eventKey)) return null;
        const r = await new RosterRepository(m).member(input.rosterId);
        if (!r) return null;
        const id = parseResidentId(r.idNumber);
        if (!id.ok) return null;
        const today = shanghaiDateOf(Date.now());
        const policy = await new PoliciesRepository(m).inForce('hardship-allowance', r.regionCode, today);
        if (!policy || !hardshipRules(policy.body).eligibleCategories.includes(r.category)) return null;
        const enrollment = new ProactiveEnrollmentRepository(m);
        const personId = await enrollment.personFor({
          idNumber: r.idNumber,
          name: r.name,
          sex: id.value.sex,
          birthDate: id.value.birthDate,
          regionCode: r.regionCode,
        });
        const officer = leastLoadedOfficer(await enrollment.townshipOfficers(r.regionCode.slice(0, 9)));
        const caseId = randomUUID();
        const caseNo = await enrollment.insertCase({
          id: caseId,
          personId,
          regionCode: r.regionCode,
          policyId: policy.id,
          policyVersion: policy.version,
          appliedOn: today,
          details: { channel: 'proactive', rosterId: input.rosterId, assignTo: officer },
        });
        if (!caseNo) return null; // an open case exists after all
        await new AuditRepository(m).record(null, {
          eventKey,
          regionCode: r.regionCode,
          caseId,
          step: 'acceptance',
          action: 'case_created_proactively',
          after: { caseNo, month: addMonths(today.slice(0, 7), 1), assignedTo: officer },
          reason: '免申即享:困难名单内老人下月年满60周岁',
        });
        return newCaseInput({
          caseId,
          caseType: 'hardship-allowance',
          regionCode: r.regionCode,
          appliedOn: today,
          policy: workflowPolicyOf(policy),
        });
      });
    },

    async markWorkflowStarted(input: { caseId: string }): Promise<void> {
      await new CasesRepository(db).markWorkflowStarted(input.caseId);
    },
  };
}
