import { createCalendarActivities } from './calendar.activities';
import { createCaseActivities, type CaseActivityDeps } from './case.activities';
import { createEnrollmentActivities } from './enrollment.activities';
import { createEntitlementActivities } from './entitlement.activities';
import { createHardshipActivities } from './hardship.activities';
import { createPayrollActivities } from './payroll.activities';
import { createTrialStayActivities } from './trial-stay.activities';

export { CalendarProvider } from './calendar-provider';
export type { CaseActivityDeps } from './case.activities';
export type { ProactiveCandidate } from './enrollment.activities';

/** Every activity the case worker registers, built over its dependencies. */
export function createActivities(deps: CaseActivityDeps) {
  return {
    ...createCaseActivities(deps),
    ...createCalendarActivities(deps),
    ...createHardshipActivities(deps),
    ...createEntitlementActivities(deps),
    ...createEnrollmentActivities(deps),
    ...createTrialStayActivities(deps),
    ...createPayrollActivities(deps),
  };
}

export type Activities = ReturnType<typeof createActivities>;
