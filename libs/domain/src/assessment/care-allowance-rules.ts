/**
 * Which capability levels earn the care allowance (护理补贴), and how much.
 *
 * The rules name their scale because the seed's "2—3级" was written against MZ/T 039-2013
 * (levels 0–3, 3 = most severe). Only GB/T 42195-2022 scoring exists in this library
 * (see score-assessment.ts); a policy on 'MZ/T 039-2013' can still be planned from levels
 * recorded elsewhere, and the scale only decides which level numbers are valid (0–3 vs 0–4).
 */

export type AssessmentScale = 'GB/T 42195-2022' | 'MZ/T 039-2013';

export interface CareRules {
  readonly scale: AssessmentScale;
  readonly eligibleLevels: readonly number[];
  /** Monthly amount in fen for each eligible level. */
  readonly amountByLevel: Readonly<Partial<Record<number, number>>>;
  /** Routine reassessment interval; a condition change can trigger one sooner. */
  readonly reassessEveryMonths: number;
}

/** Default: GB/T 42195-2022, levels 2–4 (moderate disability or worse); 60 / 80 / 80 yuan. */
export const DEFAULT_CARE_RULES: CareRules = {
  scale: 'GB/T 42195-2022',
  eligibleLevels: [2, 3, 4],
  amountByLevel: { 2: 6000, 3: 8000, 4: 8000 },
  reassessEveryMonths: 12,
};

export const SCALE_MAX_LEVEL: Readonly<Record<AssessmentScale, number>> = {
  'GB/T 42195-2022': 4,
  'MZ/T 039-2013': 3,
};

export function isLevelOnScale(level: number, scale: AssessmentScale): boolean {
  return Number.isInteger(level) && level >= 0 && level <= SCALE_MAX_LEVEL[scale];
}

/** Problems that make the rules unusable; empty when they are consistent. */
export function validateCareRules(rules: CareRules): string[] {
  const problems: string[] = [];
  if (!(rules.scale in SCALE_MAX_LEVEL)) {
    problems.push(`评估标准无法识别:${String(rules.scale)}`);
    return problems;
  }
  for (const level of rules.eligibleLevels) {
    if (!isLevelOnScale(level, rules.scale)) {
      problems.push(`可享受等级 ${level} 不是 ${rules.scale} 的等级`);
      continue;
    }
    const amount = rules.amountByLevel[level];
    if (amount === undefined) {
      problems.push(`可享受等级 ${level} 没有发放标准`);
    } else if (!Number.isInteger(amount) || amount <= 0) {
      problems.push(`等级 ${level} 的发放标准应为正整数(单位:分),现为 ${amount}`);
    }
  }
  if (!Number.isInteger(rules.reassessEveryMonths) || rules.reassessEveryMonths < 1) {
    problems.push(`reassessEveryMonths 应为不小于 1 的整月数,现为 ${rules.reassessEveryMonths}`);
  }
  return problems;
}

export function isCareAllowanceEligible(level: number, rules: CareRules): boolean {
  return isLevelOnScale(level, rules.scale) && rules.eligibleLevels.includes(level);
}

/** Monthly care allowance in fen for a level, or null when the level is not eligible. */
export function careAllowanceMonthlyFen(level: number, rules: CareRules): number | null {
  if (!isCareAllowanceEligible(level, rules)) {
    return null;
  }
  return rules.amountByLevel[level] ?? null;
}
