import { randomUUID } from 'node:crypto';
import { temporal } from '@temporalio/proto';
import { ensureNamespaceAndSearchAttributes } from '@app/runtime';
import { startChildWorker, type ChildWorker } from './support/child-worker';
import { eventually, startSystem, type TestSystem } from './support/system';

/**
 * A worker process stops only as a whole. The Temporal SDK, left to its defaults, also shuts its
 * workers down on SIGQUIT and SIGUSR2 and leaves the process running: a worker that no longer
 * polls, which `make start`'s supervisor (or a container's restart policy) never replaces. Here
 * such a signal ends the process, and SIGTERM still shuts it down gracefully. The same holds when
 * the SDK gives up by itself (its namespace gone, polls refused past the SDK's grace period).
 */
describe('worker process: it stops only as a whole', () => {
  let sys: TestSystem;
  const workers: ChildWorker[] = [];

  beforeAll(async () => {
    sys = await startSystem();
  });
  afterAll(async () => {
    await Promise.all(workers.map((w) => w.kill()));
    await sys.close();
  });

  /** Workflow-task pollers on `taskQueue`, as the server sees them. */
  async function pollers(taskQueue: string, namespace = sys.client.options.namespace): Promise<number> {
    const res = await sys.client.workflowService.describeTaskQueue({
      namespace,
      taskQueue: { name: taskQueue },
      taskQueueType: temporal.api.enums.v1.TaskQueueType.TASK_QUEUE_TYPE_WORKFLOW,
    });
    return res.pollers?.length ?? 0;
  }

  /** A worker process on a queue of its own (in `namespace`), once the server sees it polling. */
  async function pollingWorker(namespace?: string, env: NodeJS.ProcessEnv = {}): Promise<ChildWorker & { taskQueue: string }> {
    const taskQueue = `signals-${randomUUID()}`;
    const worker = startChildWorker(taskQueue, { ...(namespace ? { TEMPORAL_NAMESPACE: namespace } : {}), ...env });
    workers.push(worker);
    await eventually(async () => ((await pollers(taskQueue, namespace)) > 0 ? true : undefined), 90000, `a poller on ${taskQueue}`);
    return { ...worker, taskQueue };
  }

  /** How the process ended, waiting up to `timeoutMs` for it to end. */
  async function ending(worker: ChildWorker, timeoutMs: number) {
    const p = worker.process;
    await eventually(async () => (p.exitCode !== null || p.signalCode !== null ? true : undefined), timeoutMs, 'the worker process to end');
    return worker.exit;
  }

  it.each(['SIGUSR2', 'SIGQUIT'] as const)('%s ends the process (it is not left running without polling)', async (signal) => {
    const worker = await pollingWorker();
    worker.process.kill(signal);
    const ended = await ending(worker, 30000);
    expect(ended).toMatchObject({ signal });
  });

  it('SIGTERM shuts the worker down gracefully and ends the process', async () => {
    const worker = await pollingWorker();
    worker.process.kill('SIGTERM');
    const ended = await ending(worker, 60000);
    // Nest closes the worker (its shutdown is logged), then ends the process with the signal it received.
    expect(ended.code === 0 || ended.signal === 'SIGTERM').toBe(true);
  });

  it('ends the process (code 1) when its Temporal worker fails, instead of living on without polling', async () => {
    // A namespace of its own, deleted under the running worker: its polls are refused from then
    // on, and the SDK fails the worker once its grace period for such errors has passed (~2 min).
    const namespace = `worker-fails-${randomUUID().slice(0, 8)}`;
    await ensureNamespaceAndSearchAttributes({ address: process.env.TEMPORAL_ADDRESS!, namespace, retentionDays: 1 });
    const worker = await pollingWorker(namespace);
    await sys.client.connection.operatorService.deleteNamespace({ namespace });
    const ended = await ending(worker, 300000);
    expect(ended).toEqual({ code: 1, signal: null });
  }, 420000);

  /**
   * It runs workflows without the SDK's per-promise stack tracking (preloaded by
   * apps/worker/src/workflow-threads.cjs, which cuts a case's workflow CPU), unless
   * YIYANG_WORKFLOW_STACK_TRACES=true asks for the SDK's default. Seen as an operator sees it: the
   * `__stack_trace` query (the Temporal UI's "Stack Trace" tab) on a workflow the process runs.
   */
  describe('workflow stack tracking', () => {
    async function stackTraceQuery(env: NodeJS.ProcessEnv): Promise<string> {
      const { taskQueue } = await pollingWorker(undefined, env);
      // A recount of a year no task touches: it pages once and ends. The query is answered by the
      // worker process either way (a finished workflow is replayed there to answer it).
      const handle = await sys.client.workflow.start('calendarRecountWorkflow', {
        taskQueue,
        workflowId: `threads-${randomUUID()}`,
        args: [{ year: 1901 }],
      });
      return handle.query<string>('__stack_trace');
    }

    it('is off by default: the query answers that stack traces are not enabled', async () => {
      await expect(stackTraceQuery({})).rejects.toThrow('Workflow stack traces are not enabled on this worker');
    }, 120000);

    it('is on with YIYANG_WORKFLOW_STACK_TRACES=true: the query shows where the workflow waits', async () => {
      const trace = await stackTraceQuery({ YIYANG_WORKFLOW_STACK_TRACES: 'true' });
      expect(typeof trace).toBe('string');
      expect(trace).toMatch(/calendar-recount\.workflow\.ts|calendarRecountWorkflow/);
    }, 120000);
  });
});
