// month-math.ts is deliberately not exported: the shared dates/ module owns calendar helpers.
export type { AmountSegment, EntitlementPlan, EntitlementReason, EntitlementReasonCode } from './entitlement-plan';
export { formatYuan } from './entitlement-plan';
export * from './hardship-allowance';
export * from './care-allowance';
