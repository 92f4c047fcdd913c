export const TEMPORAL_CLIENT = Symbol('TEMPORAL_CLIENT');
export const TASK_QUEUE = Symbol('TASK_QUEUE');
/** How long a workflow Update may take before the API answers (milliseconds). */
export const UPDATE_DEADLINE_MS = Symbol('UPDATE_DEADLINE_MS');
