import type { SelfCareCategory } from '@app/domain/care-home';

/** Care level of an elder or a bed (全自理 / 半护理 / 全护理); homes that track it match beds by it. */
export const CARE_LEVELS = ['self-care', 'partial', 'cannot-self-care'] as const satisfies readonly SelfCareCategory[];
export type CareLevel = (typeof CARE_LEVELS)[number];

export function isCareLevel(value: unknown): value is CareLevel {
  return typeof value === 'string' && (CARE_LEVELS as readonly string[]).includes(value);
}
