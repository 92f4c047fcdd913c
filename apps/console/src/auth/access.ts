import type { Role } from '@app/contracts/roles';

/** What each role may open: the menu and the routes follow this one table. */
export const ACCESS = {
  inbox: ['township_officer', 'county_officer', 'assessor'],
  intake: ['township_officer', 'county_officer'],
  cases: ['township_officer', 'county_officer', 'assessor', 'supervisor', 'admin'],
  supervision: ['supervisor', 'admin'],
  admin: ['admin'],
  careHomes: ['township_officer', 'county_officer', 'supervisor', 'admin'],
  roster: ['township_officer', 'county_officer', 'admin'],
  payroll: ['county_officer', 'supervisor', 'admin'],
} as const satisfies Record<string, readonly Role[]>;

export type Area = keyof typeof ACCESS;

export function canOpen(role: string | undefined, area: Area): boolean {
  return !!role && (ACCESS[area] as readonly string[]).includes(role);
}

/** Where a role lands after logging in. */
export function homePath(role: string): string {
  if (canOpen(role, 'inbox')) return '/inbox';
  if (canOpen(role, 'supervision')) return '/supervision';
  return '/cases';
}

/** Whether a page load at this path (under /console) shows the inbox: the inbox itself, or home for a role whose home it is. */
export function landsOnInbox(pathname: string, role: string | undefined): boolean {
  const path = pathname.replace(/^\/console/, '').replace(/\/$/, '');
  return canOpen(role, 'inbox') && (path === '/inbox' || path === '');
}
