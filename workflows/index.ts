export { careAllowanceWorkflow } from './care-allowance.workflow';
export { hardshipAllowanceWorkflow } from './hardship-allowance.workflow';
// High-age allowance (高龄津贴): the same age-gated allowance run, under its own workflow type.
export { ageAllowanceWorkflow as highAgeAllowanceWorkflow } from './hardship-allowance.workflow';
export { trialStayWorkflow } from './trial-stay.workflow';
export { proactiveEnrollmentWorkflow } from './proactive-enrollment.workflow';
export { calendarRecountWorkflow } from './calendar-recount.workflow';
export { payrollWorkflow } from './payroll.workflow';
export { reconciliationWorkflow } from './reconciliation.workflow';
export { lifeEventFanOutWorkflow } from './life-event-fan-out.workflow';
