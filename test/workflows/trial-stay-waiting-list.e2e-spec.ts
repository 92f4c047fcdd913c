import { randomUUID } from 'node:crypto';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import {
  bedOfferedSignal,
  CASE_WORKFLOW_GENERATION,
  caseStateQuery,
  completeTaskUpdate,
  trialStayQuery,
  type Actor,
  type CaseWorkflowInput,
} from '@app/contracts';
import { shanghaiDateOf } from '@app/domain/dates';
import { DEFAULT_POLICIES, type DurationPolicy } from '@app/domain/policy';
import { loadConfig } from '@app/runtime';
import type { DeadlineResult, OpenedTask, TransitionInput, TransitionResult } from '../../activities/activity-types';
import type { BedRef, TrialStayIntake } from '../../activities/trial-stay.activities';
import { eventually } from '../support/system';
import { decisionsStored } from '../support/stub-calls';

/**
 * The trial stay's waiting list (入住轮候) continues as new: a case that waits through many bed
 * checks keeps a bounded history. Real workflow code on the suite's Temporal server, stub
 * activities, and a per-run limit of two checks instead of ninety.
 */
const officer: Actor = { userId: randomUUID(), role: 'township_officer', regionCode: '370124001', displayName: '经办甲' };
const HOME = { id: randomUUID(), name: '测试敬老院', regionCode: '370124', tracksCareLevel: false };
const BED: BedRef = { id: randomUUID(), homeId: HOME.id, label: '1-01', careLevel: null };

function dueAfter(from: string, d: DurationPolicy): OpenedTask {
  const ms = d.unit === 'seconds' ? d.amount * 1000 : d.amount * 3_600_000;
  const due = new Date(Date.parse(from) + ms);
  return { dueAt: due.toISOString(), dueDate: shanghaiDateOf(due.getTime()), calendarFlag: null, assigneeId: null };
}

describe('trial stay waiting list (continue-as-new)', () => {
  let env: TestWorkflowEnvironment;
  let worker: Worker;
  let running: Promise<void>;
  const taskQueue = `trial-stay-waiting-${randomUUID()}`;
  const calls: { name: string; input: Record<string, unknown> }[] = [];
  const called = (name: string) => calls.filter((c) => c.name === name);
  const record = (name: string, input: unknown) => calls.push({ name, input: input as Record<string, unknown> });
  /** trialBedFor answers no bed until this is set. */
  let bedReserved = false;

  const activities = {
    async advanceCase(input: TransitionInput): Promise<TransitionResult> {
      record('advanceCase', input);
      return {
        opened: input.open ? dueAfter(input.open.openedAt, input.open.deadline) : null,
        notBeforeMonth: null,
        deadlines: (input.deadlines ?? []).map((d) => dueAfter(d.from, d.duration)),
        plan: null,
        granted: null,
      };
    },
    async completeTask(input: unknown) {
      record('completeTask', input);
    },
    async computeDeadline(input: { from: string; duration: DurationPolicy }): Promise<DeadlineResult> {
      return dueAfter(input.from, input.duration);
    },
    async escalateTask(input: unknown) {
      record('escalateTask', input);
    },
    async trialStayIntake(input: unknown): Promise<TrialStayIntake> {
      record('trialStayIntake', input);
      return { ok: true, problems: [], home: HOME, priorityCategory: null, careLevel: null, roster: 'on', bar: null, findings: {} };
    },
    async reserveTrialBed(input: unknown): Promise<{ bed: BedRef | null }> {
      record('reserveTrialBed', input);
      return { bed: null };
    },
    async trialBedFor(input: unknown): Promise<BedRef | null> {
      record('trialBedFor', input);
      return bedReserved ? BED : null;
    },
    async endTrialStay(input: unknown) {
      record('endTrialStay', input);
      return { releasedBedId: null, offer: null };
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

  const checks = () => called('trialBedFor').length;

  it('after N bed checks the run continues as new with its state, and the next run takes the bed and opens check-in', async () => {
    const caseId = randomUUID();
    const input: CaseWorkflowInput = {
      caseId,
      caseType: 'trial-stay',
      regionCode: '370124001001',
      appliedOn: shanghaiDateOf(Date.now()),
      policy: {
        policyId: randomUUID(),
        version: 1,
        regionCode: '370124',
        effectiveFrom: '2000-01-01',
        body: structuredClone(DEFAULT_POLICIES['trial-stay']),
      },
      waitingChecksPerRun: 2,
      generation: CASE_WORKFLOW_GENERATION,
    };
    const h = await env.client.workflow.start('trialStayWorkflow', {
      taskQueue,
      workflowId: `case-${caseId}`,
      args: [input],
    });
    const firstRunId = h.firstExecutionRunId;
    const acceptance = await eventually(
      async () => (await h.query(caseStateQuery)).openTasks.find((t) => t.step === 'acceptance'),
      20000,
      'the acceptance task',
    );
    await h.executeUpdate(completeTaskUpdate, {
      args: [{ taskId: acceptance.taskId, step: 'acceptance', actor: officer, outcome: 'accept', comment: null, data: null }],
    });
    await eventually(async () => ((await h.query(trialStayQuery)).phase === 'waiting_list' ? true : undefined), 20000, 'on the list');

    // Two offers that turn out to be gone (another case took the bed first): two checks, then a new run.
    for (let n = 1; n <= 2; n++) {
      await h.signal(bedOfferedSignal, { bedId: randomUUID(), homeId: HOME.id, offeredByCaseId: randomUUID() });
      await eventually(async () => (checks() === n ? true : undefined), 20000, `bed check ${n}`);
    }
    const second = await eventually(
      async () => {
        const d = await h.describe();
        return d.runId !== firstRunId && d.status.name === 'RUNNING' ? d.runId : undefined;
      },
      20000,
      'the continued run',
    );
    const firstRun = env.client.workflow.getHandle(h.workflowId, firstRunId);
    expect((await firstRun.describe()).status.name).toBe('CONTINUED_AS_NEW');
    const latest = env.client.workflow.getHandle(h.workflowId);
    // The carried state: still waiting on the same home's list, nothing to do again.
    expect(await latest.query(trialStayQuery)).toMatchObject({ phase: 'waiting_list', homeId: HOME.id, bedId: null });
    expect(await latest.query(caseStateQuery)).toMatchObject({ status: 'waiting', openTasks: [] });

    // A bed reserved for the case: the continued run takes it and opens check-in.
    bedReserved = true;
    await latest.signal(bedOfferedSignal, { bedId: BED.id, homeId: HOME.id, offeredByCaseId: randomUUID() });
    const checkIn = await eventually(
      async () => (await latest.query(caseStateQuery)).openTasks.find((t) => t.step === 'check_in'),
      20000,
      'the check-in task',
    );
    expect(checkIn.candidateRole).toBe('township_officer');
    expect(await latest.query(trialStayQuery)).toMatchObject({ phase: 'check_in', homeId: HOME.id, bedId: BED.id });
    expect((await latest.describe()).runId).toBe(second);
    // Intake, acceptance and the first reservation ran once, in the first run.
    expect(called('trialStayIntake')).toHaveLength(1);
    expect(called('reserveTrialBed')).toHaveLength(1);
    expect(decisionsStored(calls, acceptance.taskId)).toHaveLength(1);
    expect(checks()).toBe(3);
    await latest.terminate('test done');
  });
});
