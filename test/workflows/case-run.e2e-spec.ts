import { randomUUID } from 'node:crypto';
import { WorkflowUpdateFailedError, WorkflowUpdateStage, type WorkflowHandle } from '@temporalio/client';
import type { ApplicationFailure } from '@temporalio/common';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import {
  assignTaskUpdate,
  calendarChangedSignal,
  CASE_WORKFLOW_GENERATION,
  caseStateQuery,
  completeTaskUpdate,
  withdrawUpdate,
  type Actor,
  type CaseStateView,
  type CaseWorkflowInput,
  type EntitlementPlanView,
} from '@app/contracts';
import { shanghaiDateOf } from '@app/domain/dates';
import { DEFAULT_POLICIES, type CasePolicy, type DurationPolicy } from '@app/domain/policy';
import { loadConfig } from '@app/runtime';
import type { DeadlineResult, OpenedTask, TransitionInput, TransitionResult } from '../../activities/activity-types';
import { eventually } from '../support/system';
import { monthFromNow } from '../support/today';
import { decisionsStored } from '../support/stub-calls';

/**
 * Fast workflow tests of CaseRun's tricky paths: the real workflow code on the suite's Temporal
 * server, with stub activities (no PostgreSQL) and policy durations of seconds. What each stub was
 * asked to do is recorded, so a test reads what the workflow decided.
 */
const officer: Actor = { userId: randomUUID(), role: 'township_officer', regionCode: '370124001', displayName: '经办甲' };
const officer2: Actor = { ...officer, userId: randomUUID(), displayName: '经办乙' };

const PLAN: EntitlementPlanView = {
  eligible: true,
  reasons: [],
  // A plan starting next month, whatever month the suite runs in.
  startMonth: monthFromNow(1),
  endMonth: null,
  segments: [{ from: monthFromNow(1), to: null, monthlyAmountFen: 10_000, rule: 'test', explanation: 'test' }],
  explanation: [],
};

/** Stub deadlines: seconds as seconds, any day count as that many hours (nothing here waits for them). */
function dueAfter(from: string, d: DurationPolicy): OpenedTask {
  const ms = d.unit === 'seconds' ? d.amount * 1000 : d.amount * 3_600_000;
  const due = new Date(Date.parse(from) + ms);
  return { dueAt: due.toISOString(), dueDate: shanghaiDateOf(due.getTime()), calendarFlag: null, assigneeId: null };
}

interface Call {
  name: string;
  input: Record<string, unknown>;
}

describe('CaseRun on stub activities (fast workflow tests)', () => {
  let env: TestWorkflowEnvironment;
  let worker: Worker;
  let running: Promise<void>;
  const taskQueue = `case-run-${randomUUID()}`;
  const calls: Call[] = [];
  /** Cases whose transitions wait for the promise here before answering. */
  const heldCases = new Map<string, Promise<void>>();
  const called = (name: string) => calls.filter((c) => c.name === name);
  const record = (name: string, input: unknown) => calls.push({ name, input: input as Record<string, unknown> });

  const activities = {
    async advanceCase(input: TransitionInput): Promise<TransitionResult> {
      record('advanceCase', input);
      // A transition held after its row is "committed" (see the crash-window test).
      if (input.open && heldCases.has(input.caseId)) await heldCases.get(input.caseId);
      return {
        opened: input.open ? dueAfter(input.open.openedAt, input.open.deadline) : null,
        notBeforeMonth: null,
        deadlines: (input.deadlines ?? []).map((d) => dueAfter(d.from, d.duration)),
        plan: input.plan ? PLAN : null,
        granted: input.grant ? { entitlementId: randomUUID(), plan: PLAN } : null,
      };
    },
    async completeTask(input: unknown) {
      record('completeTask', input);
    },
    async recordTaskAssignment(input: unknown) {
      record('recordTaskAssignment', input);
    },
    async flagCaseAttention(input: unknown) {
      record('flagCaseAttention', input);
    },
    async escalateTask(input: unknown) {
      record('escalateTask', input);
    },
    async computeDeadline(input: { from: string; duration: DurationPolicy }): Promise<DeadlineResult> {
      return dueAfter(input.from, input.duration);
    },
    async recountTaskDeadline(input: unknown): Promise<DeadlineResult> {
      record('recountTaskDeadline', input);
      return dueAfter(new Date().toISOString(), { unit: 'seconds', amount: 1 });
    },
  };

  beforeAll(async () => {
    const namespace = loadConfig().temporalNamespace;
    env = await TestWorkflowEnvironment.createFromExistingServer({ address: process.env.TEMPORAL_ADDRESS!, namespace });
    worker = await Worker.create({
      connection: env.nativeConnection,
      namespace,
      taskQueue,
      workflowBundle: { codePath: process.env.YIYANG_WORKFLOW_BUNDLE! },
      activities,
    });
    running = worker.run();
  });
  afterAll(async () => {
    worker.shutdown();
    await running;
    await env.teardown();
  });

  async function start(
    change: (p: CasePolicy) => CasePolicy = (p) => p,
    caseId = randomUUID(),
    workflowTaskTimeout?: number,
    /** null: a case started before generations (it asks patched()). */
    generation: number | null = CASE_WORKFLOW_GENERATION,
  ): Promise<WorkflowHandle> {
    const input: CaseWorkflowInput = {
      caseId,
      caseType: 'hardship-allowance',
      regionCode: '370124001001',
      appliedOn: shanghaiDateOf(Date.now()),
      policy: {
        policyId: randomUUID(),
        version: 1,
        regionCode: '370124',
        effectiveFrom: '2000-01-01',
        body: change(structuredClone(DEFAULT_POLICIES['hardship-allowance'])),
      },
      ...(generation === null ? {} : { generation }),
    };
    return env.client.workflow.start('hardshipAllowanceWorkflow', {
      taskQueue,
      workflowId: `case-${caseId}`,
      args: [input],
      ...(workflowTaskTimeout ? { workflowTaskTimeout } : {}),
    });
  }

  const openTask = (h: WorkflowHandle, step: string) =>
    eventually(async () => (await h.query(caseStateQuery)).openTasks.find((t) => t.step === step), 20000, `open ${step} task`);

  const decide = (
    h: WorkflowHandle,
    taskId: string,
    step: string,
    actor: Actor,
    outcome: string,
    data: Record<string, unknown> | null = null,
  ) => h.executeUpdate(completeTaskUpdate, { args: [{ taskId, step, actor, outcome, comment: null, data }] });

  async function refusal(p: Promise<unknown>): Promise<string | null | undefined> {
    const err = await p.then(
      () => null,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(WorkflowUpdateFailedError);
    return ((err as WorkflowUpdateFailedError).cause as ApplicationFailure).type;
  }

  it('a case of the current generation records no patch marker and no change-version upsert; one started without a generation records its patches and runs the same steps', async () => {
    const patchEvents = async (h: WorkflowHandle) => {
      const { events } = await h.fetchHistory();
      const markers = (events ?? []).filter((e) => e.markerRecordedEventAttributes?.markerName === 'core_patch').length;
      const upserts = (events ?? []).filter((e) =>
        Object.keys(e.upsertWorkflowSearchAttributesEventAttributes?.searchAttributes?.indexedFields ?? {}).includes(
          'TemporalChangeVersion',
        ),
      ).length;
      return { markers, upserts };
    };
    const current = await start();
    const older = await start((p) => p, randomUUID(), undefined, null);
    for (const h of [current, older]) {
      const acceptance = await openTask(h, 'acceptance');
      const after = await decide(h, acceptance.taskId, 'acceptance', officer, 'accept');
      expect(after.openTasks.map((t) => t.step)).toEqual(['review']);
      expect(decisionsStored(calls, acceptance.taskId)).toHaveLength(1);
      // Both store the decision with the transition it causes (one local activity per step).
      expect(called('completeTask').filter((c) => c.input.taskId === acceptance.taskId)).toHaveLength(0);
    }
    expect(await patchEvents(current)).toEqual({ markers: 0, upserts: 0 });
    // one-transaction-per-transition, decision-in-transition, visible-transition-retries
    const olderPatches = await patchEvents(older);
    expect(olderPatches.markers).toBe(3);
    expect(olderPatches.upserts).toBeGreaterThan(0);
    await Promise.all([current.terminate('test done'), older.terminate('test done')]);
  });

  it('racing Updates settle: of two decisions on one task one is accepted, and its answer already shows the next step', async () => {
    const h = await start();
    const acceptance = await openTask(h, 'acceptance');
    const results = await Promise.allSettled([
      decide(h, acceptance.taskId, 'acceptance', officer, 'accept'),
      decide(h, acceptance.taskId, 'acceptance', officer2, 'accept'),
    ]);
    const accepted = results.filter((r): r is PromiseFulfilledResult<CaseStateView> => r.status === 'fulfilled');
    expect(accepted).toHaveLength(1);
    expect(accepted[0].value.openTasks.map((t) => t.step)).toEqual(['review']);
    const rejected = results.find((r) => r.status === 'rejected') as PromiseRejectedResult;
    expect(((rejected.reason as WorkflowUpdateFailedError).cause as ApplicationFailure).type).toBe('TASK_CLOSED');
    expect(decisionsStored(calls, acceptance.taskId)).toHaveLength(1);

    // Two claims at once: one holds the task; the other's decision is refused by the workflow itself.
    const review = await openTask(h, 'review');
    const claims = await Promise.allSettled(
      [officer, officer2].map((actor) =>
        h.executeUpdate(assignTaskUpdate, { args: [{ taskId: review.taskId, actor, change: { kind: 'claim' } }] }),
      ),
    );
    expect(claims.map((c) => c.status).sort()).toEqual(['fulfilled', 'rejected']);
    const holder = claims[0].status === 'fulfilled' ? officer : officer2;
    const other = holder === officer ? officer2 : officer;
    const homeVisit = { homeVisit: { visitedOn: shanghaiDateOf(Date.now()), staffCount: 2, findings: '入户核查' } };
    expect(await refusal(decide(h, review.taskId, 'review', other, 'pass', homeVisit))).toBe('CLAIMED_BY_OTHER');
    expect(called('recordTaskAssignment').filter((c) => c.input.taskId === review.taskId)).toHaveLength(1);
    await h.terminate('test done');
  });

  it('a new holiday arrangement recounts a deadline before its escalation, not after', async () => {
    const h = await start((p) => ({
      ...p,
      chain: p.chain.map((s) => (s.kind === 'task' && s.step === 'acceptance' ? { ...s, deadline: { unit: 'seconds', amount: 2 } } : s)),
      escalation: { repeatAfter: { unit: 'seconds', amount: 2 }, maxLevel: 2 },
    }));
    const acceptance = await openTask(h, 'acceptance');
    await h.signal(calendarChangedSignal, { year: 2027 });
    await eventually(async () => (called('recountTaskDeadline').some((c) => c.input.taskId === acceptance.taskId) ? true : undefined));
    const escalations = () => called('escalateTask').filter((c) => c.input.taskId === acceptance.taskId);
    await eventually(async () => (escalations().length === 1 ? true : undefined), 20000, 'the first escalation');
    // Escalated: a holiday year loaded now changes nothing; the next level still comes.
    await h.signal(calendarChangedSignal, { year: 2028 });
    await eventually(async () => (escalations().length === 2 ? true : undefined), 20000, 'the second escalation');
    expect(escalations().map((c) => c.input.level)).toEqual([1, 2]);
    expect(
      called('recountTaskDeadline')
        .filter((c) => c.input.taskId === acceptance.taskId)
        .map((c) => c.input.years),
    ).toEqual([[2027]]);
    expect((await h.query(caseStateQuery)).openTasks.map((t) => t.taskId)).toEqual([acceptance.taskId]);
    await h.terminate('test done');
  });

  it('a withdrawal during the public notice ends the case: no approval task, the final state withdrawn', async () => {
    const h = await start((p) => ({
      ...p,
      chain: p.chain.map((s) => (s.kind === 'notice' ? { ...s, period: { unit: 'seconds', amount: 3600 } } : s)),
    }));
    const acceptance = await openTask(h, 'acceptance');
    await decide(h, acceptance.taskId, 'acceptance', officer, 'accept');
    const review = await openTask(h, 'review');
    const homeVisit = { homeVisit: { visitedOn: shanghaiDateOf(Date.now()), staffCount: 2, findings: '入户核查' } };
    const inNotice = await decide(h, review.taskId, 'review', officer, 'pass', homeVisit);
    expect(inNotice).toMatchObject({ currentStep: 'notice', openTasks: [] });
    expect(inNotice.nextWakeAt).not.toBeNull();

    const withdrawn = await h.executeUpdate(withdrawUpdate, { args: [{ actor: officer, reason: '申请人撤回' }] });
    expect(withdrawn.status).toBe('withdrawn');
    const result = (await h.result()) as CaseStateView;
    expect(result).toMatchObject({ status: 'withdrawn', currentStep: null, openTasks: [] });
    const transitions = called('advanceCase').filter((c) => c.input.caseId === result.caseId);
    const input = (c: Call) => c.input as unknown as TransitionInput;
    expect(transitions.some((c) => input(c).open?.step === 'approval')).toBe(false);
    const actions = transitions.flatMap((c) =>
      input(c)
        .writes.filter((w) => w.kind === 'state')
        .map((w) => (w.kind === 'state' ? w.action : '')),
    );
    expect(actions).toEqual(expect.arrayContaining(['notice_started', 'withdrawn']));
    expect(actions).not.toContain('notice_completed');
  });

  it('a decision delivered while the transition writing its task has not reported back is accepted and applied, not refused TASK_NOT_OPEN', async () => {
    // The crash suite's wrong 409: the review row was committed (the officer saw the task), the
    // transition's result was not yet in the history (worker killed, or a transition slower than
    // the workflow task timeout), and the decision delivered then met a workflow that did not know
    // the task. Here the transition is held after "committing"; a 2 s workflow task timeout makes
    // the worker heartbeat the workflow task at 1.6 s, which delivers the Update meanwhile.
    const caseId = randomUUID();
    const h = await start((p) => p, caseId, 2000);
    const acceptance = await openTask(h, 'acceptance');
    let release!: () => void;
    heldCases.set(caseId, new Promise<void>((r) => (release = r)));
    const accepted = h.executeUpdate(completeTaskUpdate, {
      args: [{ taskId: acceptance.taskId, step: 'acceptance', actor: officer, outcome: 'accept', comment: null, data: null }],
    });
    const reviewOpening = await eventually(async () => {
      const c = called('advanceCase').find(
        (x) => x.input.caseId === caseId && (x.input as unknown as TransitionInput).open?.step === 'review',
      );
      return c ? (c.input as unknown as TransitionInput).open! : undefined;
    });
    const homeVisit = { homeVisit: { visitedOn: shanghaiDateOf(Date.now()), staffCount: 2, findings: '入户核查' } };
    const review = await h.startUpdate(completeTaskUpdate, {
      args: [{ taskId: reviewOpening.taskId, step: 'review', actor: officer, outcome: 'pass', comment: null, data: homeVisit }],
      waitForStage: WorkflowUpdateStage.ACCEPTED,
    });
    // A second decision on the same task meanwhile is refused as taken, as for an open task.
    expect(await refusal(decide(h, reviewOpening.taskId, 'review', officer2, 'pass', homeVisit))).toBe('TASK_CLOSED');
    release();
    heldCases.delete(caseId);
    await accepted;
    const after = await review.result();
    expect(after.currentStep).toBe('notice');
    expect(decisionsStored(calls, reviewOpening.taskId)).toHaveLength(1);
    await h.terminate('test done');
  });
});
