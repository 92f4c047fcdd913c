/** GB/T 42195-2022 capability levels: 0 = intact … 4 = total disability. */
export type CapabilityLevel = 0 | 1 | 2 | 3 | 4;

export interface CapabilityLevelInfo {
  readonly level: CapabilityLevel;
  readonly nameZh: string;
  readonly nameEn: string;
  /** Inclusive total-score range that yields this level before adjustments. */
  readonly minTotal: number;
  readonly maxTotal: number;
}

export const CAPABILITY_LEVELS: readonly CapabilityLevelInfo[] = [
  { level: 0, nameZh: '能力完好', nameEn: 'intact', minTotal: 90, maxTotal: 90 },
  { level: 1, nameZh: '轻度失能', nameEn: 'mild disability', minTotal: 66, maxTotal: 89 },
  { level: 2, nameZh: '中度失能', nameEn: 'moderate disability', minTotal: 46, maxTotal: 65 },
  { level: 3, nameZh: '重度失能', nameEn: 'severe disability', minTotal: 30, maxTotal: 45 },
  { level: 4, nameZh: '完全失能', nameEn: 'total disability', minTotal: 0, maxTotal: 29 },
];

export const MAX_CAPABILITY_LEVEL: CapabilityLevel = 4;

export function isCapabilityLevel(value: unknown): value is CapabilityLevel {
  return value === 0 || value === 1 || value === 2 || value === 3 || value === 4;
}

export function capabilityLevelInfo(level: CapabilityLevel): CapabilityLevelInfo {
  return CAPABILITY_LEVELS[level];
}

/** Level from a validated total (0–90) before any adjustment. */
export function levelForTotal(total: number): CapabilityLevel {
  const found = CAPABILITY_LEVELS.find((l) => total >= l.minTotal && total <= l.maxTotal);
  if (!found) {
    throw new RangeError(`total ${total} is outside 0–90`);
  }
  return found.level;
}
