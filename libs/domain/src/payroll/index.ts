export * from './monthly-due';
export * from './payroll-lines';
export * from './run-transitions';
export * from './payroll-settings';
export * from './bank-account';
export * from './bank-file';
