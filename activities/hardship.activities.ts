import { ApplicationFailure } from '@temporalio/activity';
import type { DataSource, EntityManager } from 'typeorm';
import { caseTypeDefinition } from '@app/domain/case-types';
import { nthBirthdayMonth } from '@app/domain/dates';
import { caseFactsIn, type CaseFacts } from './entitlement.activities';

/** The month from which age makes the elder eligible (the month of the birthday reaching the policy's minimum age), in the caller's transaction. */
export async function eligibleFromMonthIn(m: EntityManager, caseId: string, known?: CaseFacts): Promise<string> {
  const { birth_date: birthDate, case_type: caseType, body } = known ?? (await caseFactsIn(m, caseId));
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
