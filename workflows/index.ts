export { careAllowanceWorkflow } from './care-allowance.workflow';
export { hardshipAllowanceWorkflow } from './hardship-allowance.workflow';
export { trialStayWorkflow } from './trial-stay.workflow';
export { proactiveEnrollmentWorkflow } from './proactive-enrollment.workflow';
export { calendarRecountWorkflow } from './calendar-recount.workflow';
export { payrollWorkflow } from './payroll.workflow';
