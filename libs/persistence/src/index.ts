export * from './entities';
export * from './migrations';
export * from './data-source';
export * from './audit';
export * from './pg-errors';
export * from './seed';
export * from './sql';
export * from './seed-care-homes';
