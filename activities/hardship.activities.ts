import { ApplicationFailure } from '@temporalio/activity';
import type { DataSource, EntityManager } from 'typeorm';
import { nthBirthdayMonth, type LeapDayBirthdayRule } from '@app/domain/dates';

/** The month from which age makes the elder eligible (the month of the 60th birthday, per policy), in the caller's transaction. */
export async function eligibleFromMonthIn(m: EntityManager, caseId: string): Promise<string> {
  const rows: { birth_date: string; rules: { minAge?: number; leapDayRule?: LeapDayBirthdayRule } }[] = await m.query(
    `SELECT to_char(p.birth_date, 'YYYY-MM-DD') AS birth_date, pol.body->'rules' AS rules
       FROM cases c JOIN persons p ON p.id = c.person_id JOIN policies pol ON pol.id = c.policy_id WHERE c.id = $1`,
    [caseId],
  );
  if (rows.length === 0) throw ApplicationFailure.nonRetryable(`case ${caseId} does not exist`, 'CASE_NOT_FOUND');
  const { birth_date: birthDate, rules } = rows[0];
  return nthBirthdayMonth(birthDate, rules.minAge ?? 60, rules.leapDayRule ?? 'feb-28');
}

export function createHardshipActivities({ db }: { db: DataSource }) {
  return {
    /** The month from which age makes the elder eligible (the month of the 60th birthday, per policy). */
    async hardshipFacts(input: { caseId: string }): Promise<{ eligibleFromMonth: string }> {
      return { eligibleFromMonth: await eligibleFromMonthIn(db.manager, input.caseId) };
    },
  };
}
