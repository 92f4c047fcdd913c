export * from './assessment-items';
export * from './capability-level';
export * from './score-assessment';
export * from './care-allowance-rules';
export * from './mzt039';
