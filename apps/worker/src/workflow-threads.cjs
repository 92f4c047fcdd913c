'use strict';
/**
 * Preloaded into the worker process (`node --require …/workflow-threads.cjs`, see
 * libs/runtime/src/worker-process.ts), and so into every thread of it, including the thread the
 * Temporal SDK runs workflows in: its own copy of the SDK's workflow runtime is set up here, once,
 * before the SDK sets it up itself.
 *
 * The SDK's default installs a V8 promise hook that, for every promise a workflow creates, builds an
 * Error, maps each of its stack frames through the bundle's source map and keeps the result, so
 * that the `__stack_trace` query can show where a workflow waits. Measured by replaying recorded
 * cases (`make bench-engine ARGS=workflow-cpu`): 91 ms of CPU a replay with the hook, 62 ms without
 * (a hardship case, 75 events); 77 and 43 ms (a care case, 63 events). So the hook is left out.
 * Error stacks stay mapped to the workflow sources (that override is cheap: it runs only when an
 * error's stack is read). `YIYANG_WORKFLOW_STACK_TRACES=true` keeps the SDK's default, for
 * a worker someone is debugging; without it the `__stack_trace` query answers "Workflow stack traces
 * are not enabled on this worker".
 *
 * `globalHandlers` is internal to @temporalio/worker (pinned by package-lock.json): if an upgrade
 * renames it, this file throws and the worker does not start, and test/worker-process.e2e-spec.ts
 * fails, rather than the hook silently coming back.
 */
if (process.env.YIYANG_WORKFLOW_STACK_TRACES !== 'true') {
  const { globalHandlers } = require('@temporalio/worker/lib/workflow/vm-shared');
  if (typeof globalHandlers.overridePrepareStackTrace !== 'function' || typeof globalHandlers.installed !== 'boolean') {
    throw new Error('@temporalio/worker changed its workflow runtime: review apps/worker/src/workflow-threads.cjs');
  }
  if (!globalHandlers.installed) {
    globalHandlers.overridePrepareStackTrace();
    // install() does nothing once this is set: no promise hook is created.
    globalHandlers.installed = true;
  }
}
