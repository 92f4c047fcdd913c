/** The hardship roster's categories (困难群众名单): who counts as an economically hardship-stricken household. */
export const ROSTER_CATEGORIES = ['dibao', 'tekun', 'dishouru'] as const;
export type RosterCategory = (typeof ROSTER_CATEGORIES)[number];

export const ROSTER_CATEGORY_LABELS: Readonly<Record<RosterCategory, string>> = {
  dibao: '低保',
  tekun: '特困',
  dishouru: '低收入',
};

const BY_INPUT: ReadonlyMap<string, RosterCategory> = new Map<string, RosterCategory>([
  ...ROSTER_CATEGORIES.map((c) => [c, c] as const),
  ...ROSTER_CATEGORIES.map((c) => [ROSTER_CATEGORY_LABELS[c], c] as const),
]);

export function isRosterCategory(value: unknown): value is RosterCategory {
  return typeof value === 'string' && (ROSTER_CATEGORIES as readonly string[]).includes(value);
}

/** 'dibao' / 'DIBAO' / '低保' → 'dibao'; anything else → null. Surrounding spaces are ignored. */
export function parseRosterCategory(raw: string): RosterCategory | null {
  const s = raw.trim();
  return BY_INPUT.get(s) ?? BY_INPUT.get(s.toLowerCase()) ?? null;
}
