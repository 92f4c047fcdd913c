export * from './roles';
export * from './case-types';
export * from './task-queues';
export * from './workflow-io';
export * from './messages';
export * from './trial-stay';
export * from './payroll';
export * from './reconciliation';
