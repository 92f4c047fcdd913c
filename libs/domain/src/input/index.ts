export * from './text';
export * from './free-form-data';
export * from './json-depth';
export * from './actor';
