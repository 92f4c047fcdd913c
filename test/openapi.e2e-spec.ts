import { startSystem, type TestSystem } from './support/system';

/** The OpenAPI document covers every endpoint, each with a summary, and marks which need a token. */
describe('OpenAPI documentation', () => {
  let sys: TestSystem;
  beforeAll(async () => {
    sys = await startSystem();
  });
  afterAll(async () => sys.close());

  it('documents every route the app serves, each with a summary and its security', async () => {
    const res = await sys.http().get('/api/docs-json').expect(200);
    const doc = res.body as {
      paths: Record<string, Record<string, { summary?: string; security?: unknown[] }>>;
      components: { schemas: Record<string, { properties?: Record<string, { example?: unknown }> }> };
    };
    const operations = Object.entries(doc.paths).flatMap(([path, ops]) =>
      Object.entries(ops).map(([method, op]) => ({ path, method, op })),
    );
    expect(operations.length).toBeGreaterThan(50);
    const publicOps = ['post /api/auth/login', 'get /api/health', 'get /api/metrics'];
    for (const { path, method, op } of operations) {
      expect(`${method} ${path}: ${op.summary ?? ''}`).not.toMatch(/: $/);
      if (!publicOps.includes(`${method} ${path}`))
        expect({ route: `${method} ${path}`, security: op.security }).toEqual({ route: `${method} ${path}`, security: [{ bearer: [] }] });
    }
    for (const path of [
      '/api/cases',
      '/api/tasks/{id}/complete',
      '/api/supervision/summary',
      '/api/roster/import',
      '/api/entitlements/{id}',
      '/api/policies',
    ]) {
      expect(Object.keys(doc.paths)).toContain(path);
    }
    // Every success response is typed (the console's client is generated from these), except a 204's empty body.
    const untyped = operations.flatMap(({ path, method, op }) =>
      Object.entries((op as { responses?: Record<string, { content?: unknown }> }).responses ?? {})
        .filter(([status, r]) => /^2\d\d$/.test(status) && status !== '204' && !r.content)
        .map(([status]) => `${method} ${path} ${status}`),
    );
    expect(untyped).toEqual([]);
    // Request bodies show examples.
    const create = doc.components.schemas.CreateCaseDto.properties!;
    expect(create.caseType.example).toBe('hardship-allowance');
    expect(create.regionCode.example).toBeDefined();
  });
});
