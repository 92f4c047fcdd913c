import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { projectRoot } from './config';
import { SHARED_WORKFLOW_MODULES } from './workflow-bundle';

/** Every `@app/…` module a file under workflows/ imports, with the files that import it. */
function libraryImportsOfWorkflows(): Map<string, string[]> {
  const root = join(projectRoot(), 'workflows');
  const found = new Map<string, string[]>();
  const visit = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) visit(path);
      else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.spec.ts')) {
        for (const m of readFileSync(path, 'utf8').matchAll(/from '(@app\/[^']+)'/g)) {
          found.set(m[1], [...(found.get(m[1]) ?? []), path.slice(root.length + 1)]);
        }
      }
    }
  };
  visit(root);
  return found;
}

describe('the libraries shared by every workflow in a worker', () => {
  const imported = libraryImportsOfWorkflows();

  it('finds the workflows’ library imports (the scan itself works)', () => {
    expect(imported.get('@app/contracts')).toEqual(expect.arrayContaining(['lib/case-run.ts']));
  });

  it.each([...imported.keys()].map((m) => [m, imported.get(m)!.join(', ')]))(
    '%s (imported by %s) is loaded once and shared, not evaluated again for each case',
    (module) => {
      expect(SHARED_WORKFLOW_MODULES).toContain(module);
    },
  );

  it('lists nothing the workflows do not import', () => {
    expect(SHARED_WORKFLOW_MODULES.filter((m) => !imported.has(m))).toEqual([]);
  });
});
