import { ApplicationFailure } from '@temporalio/activity';
import type { DataSource } from 'typeorm';
import { nthBirthdayMonth, type LeapDayBirthdayRule } from '@app/domain/dates';

export function createHardshipActivities({ db }: { db: DataSource }) {
  return {
    /** The month from which age makes the elder eligible (the month of the 60th birthday, per policy). */
    async hardshipFacts(input: { caseId: string }): Promise<{ eligibleFromMonth: string }> {
      const rows: { birth_date: string; rules: { minAge?: number; leapDayRule?: LeapDayBirthdayRule } }[] = await db.query(
        `SELECT to_char(p.birth_date, 'YYYY-MM-DD') AS birth_date, pol.body->'rules' AS rules
           FROM cases c JOIN persons p ON p.id = c.person_id JOIN policies pol ON pol.id = c.policy_id WHERE c.id = $1`,
        [input.caseId],
      );
      if (rows.length === 0) throw ApplicationFailure.nonRetryable(`case ${input.caseId} does not exist`, 'CASE_NOT_FOUND');
      const { birth_date: birthDate, rules } = rows[0];
      return { eligibleFromMonth: nthBirthdayMonth(birthDate, rules.minAge ?? 60, rules.leapDayRule ?? 'feb-28') };
    },
  };
}
