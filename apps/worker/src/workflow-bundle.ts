// Moved to libs/runtime (the CLI bundles workflows too); kept so existing imports still resolve.
export { buildWorkflowBundle, defaultBundlePath, prebuiltBundleExists } from '@app/runtime/workflow-bundle';
