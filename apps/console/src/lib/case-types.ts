import { CASE_TYPES, CASE_TYPE_LABELS, type CaseType } from '@app/contracts/case-types';

/** The case-type choices of every picker: all types the engine knows, in the registry's order, with their labels. */
export const CASE_TYPE_OPTIONS: { value: CaseType; label: string }[] = CASE_TYPES.map((value) => ({
  value,
  label: CASE_TYPE_LABELS[value],
}));
