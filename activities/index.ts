import { createCalendarActivities } from './calendar.activities';
import { createCaseActivities, type CaseActivityDeps } from './case.activities';
import { createEnrollmentActivities } from './enrollment.activities';
import { createEntitlementActivities } from './entitlement.activities';
import { createHardshipActivities } from './hardship.activities';
import { createLifeEventActivities } from './life-event.activities';
import { createPayrollActivities } from './payroll.activities';
import { createReconciliationActivities, type ReconciliationDeps } from './reconciliation.activities';
import { createTrialStayActivities } from './trial-stay.activities';
import { createTransitionActivities } from './transition.activities';

export { CalendarProvider } from './calendar-provider';
export type { CaseActivityDeps } from './case.activities';
export type { ProactiveCandidate } from './enrollment.activities';
export type { Finding, FindingKind, ReconcileInput, ReconcileResult, ReconciliationDeps } from './reconciliation.activities';

/** Every activity the case worker registers, built over its dependencies. */
export function createActivities(deps: CaseActivityDeps & Pick<ReconciliationDeps, 'temporal'>) {
  return {
    ...createCaseActivities(deps),
    ...createCalendarActivities(deps),
    ...createHardshipActivities(deps),
    ...createEntitlementActivities(deps),
    ...createEnrollmentActivities(deps),
    ...createTrialStayActivities(deps),
    ...createTransitionActivities(deps),
    ...createPayrollActivities(deps),
    ...createReconciliationActivities(deps),
    ...createLifeEventActivities(deps),
  };
}

export type Activities = ReturnType<typeof createActivities>;
