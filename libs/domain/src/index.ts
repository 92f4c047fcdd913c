// The pure rules, by area. Workflow code imports the areas it needs (never calendar's data source).
export * from './access';
export * from './assessment';
export * from './care-home';
export * from './case-types';
export * from './dates';
export * from './entitlement';
export * from './identity';
export * from './input';
export * from './policy';
