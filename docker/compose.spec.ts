import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { load } from 'js-yaml';

/** No Docker engine runs where this is developed: the deployment files are checked as data. */
describe('docker deployment files', () => {
  const root = join(__dirname, '..');
  const compose = load(readFileSync(join(__dirname, 'compose.yaml'), 'utf8')) as {
    services: Record<
      string,
      {
        command?: string[];
        environment?: Record<string, string>;
        depends_on?: Record<string, { condition: string }>;
        build?: { dockerfile: string };
      }
    >;
  };
  const readme = readFileSync(join(root, 'README.md'), 'utf8');
  const nest = JSON.parse(readFileSync(join(root, 'nest-cli.json'), 'utf8')) as { projects: Record<string, { type: string }> };

  it('runs migrations before the worker and the API start', () => {
    expect(compose.services.migrate.command).toEqual(['node', 'dist/apps/cli/main.js', 'migrate']);
    for (const svc of ['worker', 'api']) expect(compose.services[svc].depends_on?.migrate.condition).toBe('service_completed_successfully');
  });

  it.each(['api', 'worker', 'migrate'])('%s runs an entry point the build produces', (svc) => {
    const entry = compose.services[svc].command?.[1] ?? '';
    const app = /^dist\/apps\/(\w+)\/main\.js$/.exec(entry)?.[1];
    expect(app && nest.projects[app]?.type).toBe('application');
  });

  it('uses only configuration variables the README documents, and never demo users', () => {
    const env = compose.services.api.environment ?? {};
    for (const key of Object.keys(env)) expect(readme).toContain(`\`${key}\``);
    expect(env.YIYANG_DEMO_DATA).toBe('false');
  });

  it('builds a non-root image with a health check', () => {
    const dockerfile = readFileSync(join(__dirname, 'Dockerfile'), 'utf8');
    expect(dockerfile).toMatch(/^USER yiyang$/m);
    expect(dockerfile).toMatch(/^HEALTHCHECK .*\/api\/health/m);
    expect(dockerfile).toMatch(/^ENV .*TZ=UTC/m);
  });
});
