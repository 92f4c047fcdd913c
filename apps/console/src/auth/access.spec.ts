import { homePath, landsOnInbox } from './access';

describe('where a page load lands', () => {
  it.each([
    ['/console/inbox', 'township_officer', true],
    ['/console/', 'county_officer', true],
    ['/console', 'assessor', true],
    ['/console/', 'supervisor', false],
    ['/console/inbox', 'admin', false],
    ['/console/cases/1', 'township_officer', false],
    ['/console/inbox', undefined, false],
  ])('%s as %s → inbox: %s', (path, role, expected) => {
    expect(landsOnInbox(path, role)).toBe(expected);
  });

  it.each([
    ['township_officer', '/inbox'],
    ['supervisor', '/supervision'],
    ['admin', '/supervision'],
  ])('home of %s is %s', (role, path) => {
    expect(homePath(role)).toBe(path);
  });
});
