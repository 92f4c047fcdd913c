export * from './business-date';
export * from './age';
