/** Two projects: pure unit specs (fast, no servers) and end-to-end/workflow specs that need
 * the real Temporal dev server and PostgreSQL (started once by test/setup/global-setup.ts). */
const moduleNameMapper = {
  '^@app/(domain|contracts|persistence|runtime)$': '<rootDir>/libs/$1/src',
  '^@app/(domain|contracts|persistence|runtime)/(.*)$': '<rootDir>/libs/$1/src/$2',
};
const transform = {
  '^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.json' }],
};
module.exports = {
  // testTimeout is global in Jest (not per project): e2e tests wait on real servers and timers.
  testTimeout: 60000,
  projects: [
    {
      displayName: 'unit',
      rootDir: __dirname,
      testEnvironment: 'node',
      testMatch: ['<rootDir>/{libs,apps,workflows,activities,docker}/**/*.spec.ts'],
      moduleNameMapper,
      transform,
    },
    {
      displayName: 'e2e',
      rootDir: __dirname,
      testEnvironment: '<rootDir>/test/setup/e2e-environment.js',
      testMatch: ['<rootDir>/test/**/*.e2e-spec.ts'],
      moduleNameMapper,
      transform,
      globalSetup: '<rootDir>/test/setup/global-setup.ts',
      globalTeardown: '<rootDir>/test/setup/global-teardown.ts',
    },
    {
      // Against a running multi-process system on the Temporal cluster: scripts/test-cluster.sh.
      displayName: 'cluster',
      rootDir: __dirname,
      testEnvironment: 'node',
      testMatch: ['<rootDir>/test/cluster/**/*.cluster-spec.ts'],
      moduleNameMapper,
      transform,
    },
  ],
};
