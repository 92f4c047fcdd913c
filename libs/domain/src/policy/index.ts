export * from './steps';
export * from './duration';
export * from './case-policy';
export * from './default-policies';
export { DEFAULT_POLICIES } from '../case-types/registry';
export * from './case-rules';
export * from './validate-policy';
export * from './policy-bounds';
export * from './step-data';
