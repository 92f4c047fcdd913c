export * from './region-scope';
export * from './task-action';
