export * from './config';
export * from './database';
export * from './json-logger';
export * from './redact';
export * from './temporal-server';
export * from './case-starter';
export * from './password';
export * from './schedules';
