// Not exported from the runtime index: it loads @temporalio/worker, which the API does not need.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { bundleWorkflowCode, type WorkflowBundleWithSourceMap } from '@temporalio/worker';
import { projectRoot } from './config';

/**
 * The pure libraries workflows import, loaded once into the worker's workflow context and shared
 * (frozen) by every workflow in it, instead of evaluated again for each case the worker creates or
 * replays (the SDK's `preloadModules`). They hold no state of their own: rules and constant data.
 * workflow-bundle.spec.ts (beside this file) checks every library import under workflows/ is listed here.
 */
export const SHARED_WORKFLOW_MODULES = [
  '@app/contracts',
  '@app/domain/access',
  '@app/domain/assessment',
  '@app/domain/care-home',
  '@app/domain/case-types',
  '@app/domain/dates',
  '@app/domain/input',
  '@app/domain/payroll',
  '@app/domain/policy',
];

/** The workflow bundler does not read tsconfig paths: the libs workflows may import are aliased here. */
export async function buildWorkflowBundle(): Promise<WorkflowBundleWithSourceMap> {
  const root = projectRoot();
  return bundleWorkflowCode({
    workflowsPath: join(root, 'workflows', 'index.ts'),
    preloadModules: SHARED_WORKFLOW_MODULES,
    webpackConfigHook: (config) => {
      config.resolve = config.resolve ?? {};
      config.resolve.alias = {
        ...(config.resolve.alias as Record<string, string>),
        '@app/contracts': join(root, 'libs', 'contracts', 'src'),
        '@app/domain': join(root, 'libs', 'domain', 'src'),
      };
      return config;
    },
  });
}

/** Where the build writes the bundle; YIYANG_WORKFLOW_BUNDLE (config.workflowBundle) overrides it for the worker. */
export function defaultBundlePath(): string {
  return join(projectRoot(), 'dist', 'workflow-bundle.js');
}

export function prebuiltBundleExists(): boolean {
  return existsSync(defaultBundlePath());
}
