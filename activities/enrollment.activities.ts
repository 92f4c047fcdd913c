import { whileHeartbeating } from './heartbeat';
import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import type { CaseWorkflowInput } from '@app/contracts';
import { addMonths, firstDayOfMonth, shanghaiDateOf } from '@app/domain/dates';
import { parseResidentId } from '@app/domain/identity';
import { hardshipRules } from '@app/domain/policy';
import { AuditRepository, PoliciesRepository } from '@app/persistence';

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
      const rows: { id: string; region_code: string }[] = await whileHeartbeating(() =>
        db.query(
          `SELECT DISTINCT ON (r.id_number) r.id, r.region_code FROM hardship_roster r
          WHERE substring(r.id_number from 7 for 6) = $1
            AND (r.left_on IS NULL OR r.left_on >= $2)
            AND r.category = ANY($3)
            AND ($4::uuid IS NULL OR r.id > $4::uuid)
            AND NOT EXISTS (
              SELECT 1 FROM cases c JOIN persons p ON p.id = c.person_id
               WHERE p.id_number = r.id_number AND c.case_type = 'hardship-allowance'
                 AND c.status IN ('in_progress','waiting','paused','returned','refusal_pending','approved','active','needs_attention'))
          ORDER BY r.id_number, r.id LIMIT $5`,
          [birthMonth, monthStart, ['dibao', 'tekun', 'dishouru'], input.afterId, input.limit],
        ),
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
        const done: { case_id: string }[] = await m.query('SELECT case_id FROM audit_log WHERE event_key = $1', [eventKey]);
        if (done.length > 0) return null;
        const roster: { id_number: string; name: string; region_code: string; category: string }[] = await m.query(
          'SELECT id_number, name, region_code, category FROM hardship_roster WHERE id = $1',
          [input.rosterId],
        );
        if (roster.length === 0) return null;
        const r = roster[0];
        const id = parseResidentId(r.id_number);
        if (!id.ok) return null;
        const today = shanghaiDateOf(Date.now());
        const policy = await new PoliciesRepository(m).inForce('hardship-allowance', r.region_code, today);
        if (!policy || !hardshipRules(policy.body).eligibleCategories.includes(r.category)) return null;
        const person: { id: string }[] = await m.query(
          `INSERT INTO persons (id_number, name, sex, birth_date, region_code) VALUES ($1,$2,$3,$4,$5)
           ON CONFLICT (id_number) DO UPDATE SET updated_at = persons.updated_at RETURNING id`,
          [r.id_number, r.name, id.value.sex, id.value.birthDate, r.region_code],
        );
        const township = r.region_code.slice(0, 9);
        const officer: { id: string }[] = await m.query(
          `SELECT id FROM users WHERE role = 'township_officer' AND active AND region_code = $1 ORDER BY created_at LIMIT 1`,
          [township],
        );
        const caseId = randomUUID();
        const [{ n }]: { n: string }[] = await m.query(`SELECT nextval('case_no_seq') AS n`);
        const caseNo = `HA-${today.slice(0, 4)}-${String(n).padStart(6, '0')}`;
        const inserted: { id: string }[] = await m.query(
          `INSERT INTO cases (id, case_no, case_type, person_id, region_code, status, current_step, policy_id, policy_version, applied_on, details, proactive)
           VALUES ($1,$2,'hardship-allowance',$3,$4,'in_progress','acceptance',$5,$6,$7,$8,true)
           ON CONFLICT DO NOTHING RETURNING id`,
          [
            caseId,
            caseNo,
            person[0].id,
            r.region_code,
            policy.id,
            policy.version,
            today,
            JSON.stringify({ channel: 'proactive', rosterId: input.rosterId, assignTo: officer[0]?.id ?? null }),
          ],
        );
        if (inserted.length === 0) return null; // an open case exists after all
        await new AuditRepository(m).record(null, {
          eventKey,
          regionCode: r.region_code,
          caseId,
          step: 'acceptance',
          action: 'case_created_proactively',
          after: { caseNo, month: addMonths(today.slice(0, 7), 1), assignedTo: officer[0]?.id ?? null },
          reason: '免申即享:困难名单内老人下月年满60周岁',
        });
        return {
          caseId,
          caseType: 'hardship-allowance',
          regionCode: r.region_code,
          appliedOn: today,
          policy: {
            policyId: policy.id,
            version: policy.version,
            regionCode: policy.regionCode,
            effectiveFrom: policy.effectiveFrom,
            body: policy.body,
          },
        };
      });
    },

    async markWorkflowStarted(input: { caseId: string }): Promise<void> {
      await db.query('UPDATE cases SET workflow_started_at = COALESCE(workflow_started_at, now()) WHERE id = $1', [input.caseId]);
    },
  };
}
