import { parseResidentId } from '@app/domain/identity';
import { DEMO_ROSTER, DEMO_USERS, PINGYIN_REGIONS } from './seed';

describe('demo and reference data', () => {
  it.each(DEMO_ROSTER)('demo elder $name has a valid ID number in a known village', (r) => {
    expect(parseResidentId(r.idNumber).ok).toBe(true);
    expect(PINGYIN_REGIONS.some((g) => g.code === r.regionCode && g.level === 'village')).toBe(true);
  });

  it('has one demo user per role, each in a known region', () => {
    const roles = new Set(DEMO_USERS.map((u) => u.role));
    expect([...roles].sort()).toEqual(['admin', 'assessor', 'county_officer', 'supervisor', 'township_officer']);
    for (const u of DEMO_USERS) expect(PINGYIN_REGIONS.some((g) => g.code === u.regionCode)).toBe(true);
  });

  it('codes nest: every township under the county, every village under its township', () => {
    for (const r of PINGYIN_REGIONS.filter((g) => g.parent)) expect(r.code.startsWith(r.parent!)).toBe(true);
  });
});
