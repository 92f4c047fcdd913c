export * from './region-scope';
export * from './task-action';
export * from './login-lockout';
export * from './task-assignment';
export * from './workload';
