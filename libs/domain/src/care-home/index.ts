// calendar-math.ts is deliberately not exported: the shared dates/ module owns calendar helpers.
export * from './trial-stay-rules';
export * from './withdrawal-bar';
export * from './waiting-list';
export * from './centralized-support';
export * from './self-care-category';
