export * from './region-scope';
export * from './task-action';
export * from './login-lockout';
