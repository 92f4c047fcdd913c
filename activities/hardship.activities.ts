import { ApplicationFailure } from '@temporalio/activity';
import type { DataSource, EntityManager } from 'typeorm';
import type { CaseType } from '@app/contracts';
import { caseTypeDefinition } from '@app/domain/case-types';
import { nthBirthdayMonth } from '@app/domain/dates';
import type { CasePolicy } from '@app/domain/policy';

/** The month from which age makes the elder eligible (the month of the birthday reaching the policy's minimum age), in the caller's transaction. */
export async function eligibleFromMonthIn(m: EntityManager, caseId: string): Promise<string> {
  const rows: { birth_date: string; case_type: CaseType; body: CasePolicy }[] = await m.query(
    `SELECT to_char(p.birth_date, 'YYYY-MM-DD') AS birth_date, c.case_type, pol.body
       FROM cases c JOIN persons p ON p.id = c.person_id JOIN policies pol ON pol.id = c.policy_id WHERE c.id = $1`,
    [caseId],
  );
  if (rows.length === 0) throw ApplicationFailure.nonRetryable(`case ${caseId} does not exist`, 'CASE_NOT_FOUND');
  const { birth_date: birthDate, case_type: caseType, body } = rows[0];
  // The age and leap-day rule come from the type's policy rules (with its defaults), via the registry.
  const gate = caseTypeDefinition(caseType).allowance?.ageGate?.(body);
  if (!gate) throw ApplicationFailure.nonRetryable(`case type ${caseType} has no age gate`, 'NOT_APPLICABLE');
  return nthBirthdayMonth(birthDate, gate.minAge, gate.leapDayRule);
}

export function createHardshipActivities({ db }: { db: DataSource }) {
  return {
    /** The month from which age makes the elder eligible (the month of the 60th birthday, per policy). */
    async hardshipFacts(input: { caseId: string }): Promise<{ eligibleFromMonth: string }> {
      return { eligibleFromMonth: await eligibleFromMonthIn(db.manager, input.caseId) };
    },
  };
}
