import { existsSync } from 'node:fs';
import { Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { Client, Connection } from '@temporalio/client';
import { NativeConnection, Worker } from '@temporalio/worker';
import type { DataSource } from 'typeorm';
import { CalendarProvider, createActivities } from '../../../activities';
import { createDataSource } from '@app/persistence';
import {
  ensurePayrollSchedules,
  ensureReconciliationSchedule,
  ensureSchedules,
  JsonLogger,
  resendPendingDecisions,
  startPendingCalendarRecounts,
  startPendingCaseWorkflows,
  startPendingFanOuts,
  TrackedGrpcRetries,
  yiyangDataConverter,
  type YiyangConfig,
} from '@app/runtime';
import { buildWorkflowBundle } from '@app/runtime/workflow-bundle';
import { reportReconciliationBacklog } from './metrics';

export const WORKER_CONFIG = Symbol('WORKER_CONFIG');
export const DATABASE_URL = Symbol('DATABASE_URL');
/** How long shutdown waits for sweeps in progress before it closes their connection. */
const SWEEP_SHUTDOWN_DEADLINE_MS = 10_000;
/** How often the Temporal worker's state is checked (a failed worker ends the process). */
const WORKER_WATCH_MS = 2_000;
/** How often the worker re-sends decisions answered 202 DECISION_PENDING. */
const PENDING_DECISION_SWEEP_MS = 5_000;

/**
 * Runs the Temporal Worker for case workflows and their activities, and a sweep that starts any
 * case workflow or deadline recount whose start was interrupted. Shuts down cleanly (in-flight activities finish).
 */
@Injectable()
export class CaseWorkerService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly log = new JsonLogger('worker');
  private worker: Worker | null = null;
  private running: Promise<void> | null = null;
  private connection: NativeConnection | null = null;
  private clientConnection: Connection | null = null;
  private db: DataSource | null = null;
  private sweep: NodeJS.Timeout | null = null;
  /** Sweeps in progress: shutdown waits for them before it closes their connection. */
  private readonly sweeping = new Set<Promise<void>>();
  private readonly clientRetries = new TrackedGrpcRetries();
  private decisionSweep: NodeJS.Timeout | null = null;
  private watch: NodeJS.Timeout | null = null;
  private shuttingDown = false;
  private fail: (err: unknown) => void = () => undefined;
  /**
   * Settles, with the error, when the Temporal worker stops on its own (the SDK gives up after a
   * namespace disappears or the server keeps refusing its polls). Nothing polls after that, so the
   * process must end and its supervisor start another: main.ts does that.
   */
  readonly failed = new Promise<unknown>((resolve) => (this.fail = resolve));

  constructor(
    private readonly config: YiyangConfig,
    private readonly databaseUrl: string,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const address = this.config.temporalAddress ?? `127.0.0.1:${this.config.temporalPort}`;
    this.db = createDataSource(this.databaseUrl, this.config.dbPoolSize);
    await this.db.initialize();
    this.connection = await NativeConnection.connect({ address });
    // The worker's own client: the sweep starts workflows, reconciliation describes them.
    this.clientConnection = await Connection.connect({ address, interceptors: this.clientRetries.interceptors });
    const client = new Client({
      connection: this.clientConnection,
      namespace: this.config.temporalNamespace,
      dataConverter: yiyangDataConverter(this.config.payloadKeys),
    });
    const bundle = existsSync(this.config.workflowBundle) ? { codePath: this.config.workflowBundle } : await buildWorkflowBundle();
    this.worker = await Worker.create({
      connection: this.connection,
      namespace: this.config.temporalNamespace,
      taskQueue: this.config.temporalTaskQueue,
      workflowBundle: bundle,
      dataConverter: yiyangDataConverter(this.config.payloadKeys),
      activities: createActivities({ db: this.db, calendars: new CalendarProvider(this.db), temporal: { client } }),
      ...this.config.worker,
    });
    this.running = this.worker.run();
    this.running.then(
      () => {
        if (!this.shuttingDown) this.fail(new Error('the Temporal worker stopped'));
      },
      (err: unknown) => {
        this.log.write('error', 'worker stopped with an error', { err });
        if (!this.shuttingDown) this.fail(err);
      },
    );
    // After the SDK fails a worker, run() can stay pending (finalizing the native worker) for good:
    // its state says it first.
    this.watch = setInterval(() => {
      if (!this.shuttingDown && this.worker?.getState() === 'FAILED') this.fail(new Error('the Temporal worker failed'));
    }, WORKER_WATCH_MS);
    // Not `address`: the logger drops that key everywhere (it usually holds a person's address).
    this.log.write('info', 'worker started', {
      temporal: address,
      taskQueue: this.config.temporalTaskQueue,
      namespace: this.config.temporalNamespace,
    });

    if (this.config.schedules) {
      await ensureSchedules(client, this.config.temporalTaskQueue);
      await ensureReconciliationSchedule(client, this.config.temporalTaskQueue);
      await ensurePayrollSchedules(client, this.config.temporalTaskQueue, this.db);
    }
    const tick = async () => {
      try {
        const started = await startPendingCaseWorkflows(client, this.db!, this.config.temporalTaskQueue);
        if (started > 0) this.log.write('warn', 'started case workflows left unstarted at intake', { count: started });
        const recounts = await startPendingCalendarRecounts(client, this.db!, this.config.temporalTaskQueue);
        if (recounts > 0) this.log.write('warn', 'started deadline recounts left unstarted after a holiday-year load', { count: recounts });
        const fanOuts = await startPendingFanOuts(client, this.db!, this.config.temporalTaskQueue);
        if (fanOuts > 0) this.log.write('warn', 'started fan-outs left unstarted after their event', { count: fanOuts });
        await reportReconciliationBacklog(this.db!);
      } catch (err) {
        this.log.write('error', 'pending-start sweep failed', { err });
      }
    };
    this.sweep = setInterval(() => this.track(tick()), 30_000);
    this.track(tick());
    // Decisions answered 202 DECISION_PENDING: re-sent with their Update id until applied or refused.
    let resending = false;
    const resend = async () => {
      if (resending) return;
      resending = true;
      try {
        const r = await resendPendingDecisions(client, this.db!);
        if (r.applied + r.rejected > 0) this.log.write('warn', 'pending decisions resolved', { ...r });
      } catch (err) {
        this.log.write('error', 'pending-decision sweep failed', { err });
      } finally {
        resending = false;
      }
    };
    this.decisionSweep = setInterval(() => this.track(resend()), PENDING_DECISION_SWEEP_MS);
  }

  private track(sweep: Promise<void>): void {
    this.sweeping.add(sweep);
    void sweep.finally(() => this.sweeping.delete(sweep));
  }

  async onApplicationShutdown(signal?: string): Promise<void> {
    this.shuttingDown = true;
    this.log.write('info', 'worker shutting down', { signal });
    if (this.sweep) clearInterval(this.sweep);
    if (this.decisionSweep) clearInterval(this.decisionSweep);
    if (this.watch) clearInterval(this.watch);
    // A call still retrying when its connection closes throws from a timer ("Channel has been shut
    // down"): let the sweeps in progress finish first, for at most 10 s.
    let deadline: NodeJS.Timeout | undefined;
    await Promise.race([
      Promise.allSettled([...this.sweeping]),
      new Promise<void>((resolve) => (deadline = setTimeout(resolve, SWEEP_SHUTDOWN_DEADLINE_MS))),
    ]);
    clearTimeout(deadline);
    if (this.worker && this.worker.getState() === 'RUNNING') this.worker.shutdown();
    // A failed worker's run() may never settle (see `watch`): not waited for.
    if (this.worker?.getState() !== 'FAILED') await this.running?.catch(() => undefined);
    await this.clientRetries.settled();
    await this.clientConnection?.close();
    await this.connection?.close();
    await this.db?.destroy();
  }
}
