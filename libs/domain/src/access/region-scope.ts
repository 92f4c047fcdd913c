/**
 * Region codes follow GB/T 2260: a township's 9-digit code starts with its county's 6 digits,
 * a village's 12-digit code with its township's 9. A subtree is therefore a code prefix.
 */
export type RegionLevel = 'county' | 'township' | 'village';

export function regionLevelOf(code: string): RegionLevel | null {
  if (/^\d{6}$/.test(code)) return 'county';
  if (/^\d{9}$/.test(code)) return 'township';
  if (/^\d{12}$/.test(code)) return 'village';
  return null;
}

export function isWithinRegion(userRegion: string, targetRegion: string): boolean {
  return targetRegion.startsWith(userRegion);
}

/** The region and its ancestors, from itself up to the county. */
export function regionAncestry(code: string): string[] {
  const out: string[] = [];
  if (code.length >= 12) out.push(code.slice(0, 12));
  if (code.length >= 9) out.push(code.slice(0, 9));
  if (code.length >= 6) out.push(code.slice(0, 6));
  return out;
}

export function townshipOf(code: string): string | null {
  return code.length >= 9 ? code.slice(0, 9) : null;
}
