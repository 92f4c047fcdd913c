export * from './csv';
export * from './roster-category';
export * from './roster-row';
export * from './roster-csv';
export * from './roster-row-errors';
