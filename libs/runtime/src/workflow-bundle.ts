// Not exported from the runtime index: it loads @temporalio/worker, which the API does not need.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { bundleWorkflowCode, type WorkflowBundleWithSourceMap } from '@temporalio/worker';
import { projectRoot } from './config';

/** The workflow bundler does not read tsconfig paths: the libs workflows may import are aliased here. */
export async function buildWorkflowBundle(): Promise<WorkflowBundleWithSourceMap> {
  const root = projectRoot();
  return bundleWorkflowCode({
    workflowsPath: join(root, 'workflows', 'index.ts'),
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
