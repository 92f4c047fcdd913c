import { WorkflowUpdateFailedError } from '@temporalio/client';
import type { ApplicationFailure } from '@temporalio/common';
import {
  CASE_WORKFLOW_GENERATION,
  caseWorkflowId,
  completeTaskUpdate,
  type CaseWorkflowInput,
  type CompleteTaskInput,
} from '@app/contracts';
import { auth, eventually, fakeIdNumber, startSystem, type TestSystem } from './support/system';
import { historyToJSON } from '@temporalio/common/lib/proto-utils';
import { acceptedUpdates, decryptedPayloads, rawPayloadText, workflowStartInput } from './support/history';
import { caseWorkflowInput, ensureCaseWorkflow } from '@app/runtime';

/** The thread through every layer: intake → case row + workflow → a human step by Update → read back. */
describe('hardship allowance: intake and the first human step', () => {
  let sys: TestSystem;
  let officer: string;

  beforeAll(async () => {
    sys = await startSystem();
    officer = await sys.token('township.yushan');
  });
  afterAll(async () => sys.close());

  const application = (idNumber: string, extra: Record<string, unknown> = {}) => ({
    caseType: 'hardship-allowance',
    regionCode: '370124001001',
    applicant: { idNumber, name: '测试老人甲', phone: '13800000001' },
    ...extra,
  });

  /** Files an application as the township officer; the answer must have `status`. */
  const intake = (idNumber: string, status = 201) =>
    sys
      .http()
      .post('/api/cases')
      .set(...auth(officer))
      .send(application(idNumber))
      .expect(status);

  async function openTask(caseId: string, step: string) {
    return eventually(
      async () => {
        const res = await sys
          .http()
          .get(`/api/cases/${caseId}`)
          .set(...auth(officer))
          .expect(200);
        return (res.body.openTasks as { id: string; step: string }[]).find((t) => t.step === step);
      },
      20000,
      `task ${step}`,
    );
  }

  it('creates the case and its workflow, keyed by case id only, and opens acceptance', async () => {
    const idNumber = fakeIdNumber('1958-03-15');
    const res = await intake(idNumber);
    expect(res.body).toMatchObject({
      caseType: 'hardship-allowance',
      status: 'in_progress',
      currentStep: 'acceptance',
      regionCode: '370124001001',
    });
    expect(res.body.caseNo).toMatch(/^HA-\d{4}-\d{6}$/);
    expect(res.body.applicant.idNumberMasked).toBe(`${idNumber.slice(0, 4)}**********${idNumber.slice(14)}`);
    expect(JSON.stringify(res.body)).not.toContain(idNumber);

    const description = await sys.client.workflow.getHandle(caseWorkflowId(res.body.id)).describe();
    expect(description.workflowId).toBe(`case-${res.body.id}`);
    expect(description.type).toBe('hardshipAllowanceWorkflow');
    expect(description.workflowId).not.toContain(idNumber.slice(6, 14));
    const task = await openTask(res.body.id, 'acceptance');
    expect(task).toBeDefined();
  });

  it('starts the workflow with what intake wrote: the same input the sweep would read back from PostgreSQL', async () => {
    const res = await intake(fakeIdNumber('1957-06-02'));
    const started = await workflowStartInput<CaseWorkflowInput>(sys.client, res.body.id);
    const readBack = await caseWorkflowInput(sys.db, res.body.id);
    expect(readBack).not.toBeNull();
    expect(started).toEqual(readBack);
    // Today's generation: the workflow takes its paths without recording patch markers.
    expect(started.generation).toBe(CASE_WORKFLOW_GENERATION);
    // The task the answer shows is the one the workflow adopts.
    expect(started.firstTask).toMatchObject({ taskId: res.body.openTasks[0].id, step: 'acceptance' });
    expect(started.policy.body.chain.length).toBeGreaterThan(0);
  });

  /** When PostgreSQL records that the case's workflow started (null: not recorded). */
  const startRecorded = async (caseId: string) =>
    ((await sys.db.query('SELECT workflow_started_at FROM cases WHERE id = $1', [caseId])) as { workflow_started_at: Date | null }[])[0]
      .workflow_started_at;

  it('never runs a case a second time: a case whose run has ended is not started again when its start is found unrecorded', async () => {
    const res = await intake(fakeIdNumber('1956-09-09'));
    const caseId: string = res.body.id;
    // Recorded just after the answer (the answer does not wait for it).
    await eventually(async () => ((await startRecorded(caseId)) ? true : undefined), 10000, 'the start recorded');
    await sys
      .http()
      .post(`/api/cases/${caseId}/withdraw`)
      .set(...auth(officer))
      .send({ reason: '申请人书面撤回' })
      .expect(200);
    const handle = sys.client.workflow.getHandle(caseWorkflowId(caseId));
    await handle.result();
    const ended = await handle.describe();
    expect(ended.status.name).toBe('COMPLETED');

    // As after a crash between the start and its record: the sweep (and a retried request) start it from PostgreSQL.
    await sys.db.query('UPDATE cases SET workflow_started_at = NULL WHERE id = $1', [caseId]);
    await ensureCaseWorkflow(sys.client, sys.db, sys.taskQueue, caseId);
    const after = await sys.client.workflow.getHandle(caseWorkflowId(caseId)).describe();
    expect(after.runId).toBe(ended.runId);
    expect(after.status.name).toBe('COMPLETED');
    expect(await startRecorded(caseId)).not.toBeNull();
  });

  it('completes acceptance through a Workflow Update; a wrong step is refused by the validator and the API', async () => {
    const created = await intake(fakeIdNumber('1950-07-01'));
    const caseId: string = created.body.id;
    const task = await openTask(caseId, 'acceptance');

    const wrong = await sys
      .http()
      .post(`/api/tasks/${task.id}/complete`)
      .set(...auth(officer))
      .send({ step: 'review', outcome: 'pass' })
      .expect(409);
    expect(wrong.body.code).toBe('WRONG_STEP');

    // The workflow's own validator refuses it too, and leaves nothing in history.
    const handle = sys.client.workflow.getHandle(caseWorkflowId(caseId));
    const actor = {
      userId: '00000000-0000-0000-0000-000000000001',
      role: 'township_officer' as const,
      regionCode: '370124001',
      displayName: 'x',
    };
    // Counting accepted Updates rather than all events: the workflow may still be finishing the
    // activity that opened the task, which adds events of its own.
    expect(await acceptedUpdates(sys.client, caseId)).toBe(0);
    const refusal = async (input: CompleteTaskInput) => {
      const err = await handle.executeUpdate(completeTaskUpdate, { args: [input] }).then(
        () => null,
        (e: unknown) => e,
      );
      expect(err).toBeInstanceOf(WorkflowUpdateFailedError);
      return (err as WorkflowUpdateFailedError).cause as ApplicationFailure;
    };
    expect((await refusal({ taskId: task.id, step: 'review', actor, outcome: 'pass' })).type).toBe('WRONG_STEP');
    expect(
      (await refusal({ taskId: task.id, step: 'acceptance', actor: { ...actor, role: 'county_officer' }, outcome: 'accept' })).type,
    ).toBe('ROLE_NOT_ALLOWED');
    expect(
      (await refusal({ taskId: task.id, step: 'acceptance', actor: { ...actor, regionCode: '370124100' }, outcome: 'accept' })).type,
    ).toBe('OUT_OF_SCOPE');
    expect((await refusal({ taskId: task.id, step: 'acceptance', actor, outcome: 'reject' })).type).toBe('REASON_REQUIRED');
    expect(await acceptedUpdates(sys.client, caseId)).toBe(0);

    const done = await sys
      .http()
      .post(`/api/tasks/${task.id}/complete`)
      .set(...auth(officer))
      .send({ step: 'acceptance', outcome: 'accept', comment: '材料齐全,予以受理' })
      .expect(200);
    expect(done.body.case.currentStep).toBe('review');
    expect(await acceptedUpdates(sys.client, caseId)).toBe(1);
    // The officer's comment and name reach Temporal's history encrypted.
    const history = historyToJSON(await handle.fetchHistory());
    expect(rawPayloadText(history)).not.toContain('材料齐全');
    expect(rawPayloadText(history)).not.toContain('经办人');
    expect(await decryptedPayloads(history)).toContain('材料齐全,予以受理');
    expect(done.body.case.openTasks.map((t: { step: string }) => t.step)).toEqual(['review']);

    const again = await sys
      .http()
      .post(`/api/tasks/${task.id}/complete`)
      .set(...auth(officer))
      .send({ step: 'acceptance', outcome: 'accept' })
      .expect(409);
    expect(again.body.code).toBe('TASK_CLOSED');

    const read = await sys
      .http()
      .get(`/api/cases/${caseId}`)
      .set(...auth(officer))
      .expect(200);
    expect(read.body).toMatchObject({ status: 'in_progress', currentStep: 'review' });
    expect(read.body.acceptedOn).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    const timeline = await sys
      .http()
      .get(`/api/cases/${caseId}/timeline`)
      .set(...auth(officer))
      .expect(200);
    const actions = (timeline.body as { action: string; step: string | null }[]).map((e) => `${e.action}:${e.step ?? ''}`);
    expect(actions).toEqual([
      'case_created:acceptance',
      'task_opened:acceptance',
      'task_completed:acceptance',
      'accepted:acceptance',
      'task_opened:review',
    ]);
    const completed = (timeline.body as { action: string; actorRole: string; reason: string }[]).find(
      (e) => e.action === 'task_completed',
    )!;
    expect(completed).toMatchObject({ actorRole: 'township_officer', reason: '材料齐全,予以受理' });
  });

  describe('bad input is a 400 naming the field, never a 500', () => {
    it.each([
      ['malformed JSON', '{"caseType": "hardship-allowance",', 'MALFORMED_JSON', null],
      ['an unknown field', { ...application('11010519491231002X'), favouriteColour: 'red' }, 'VALIDATION_FAILED', 'favouriteColour'],
      [
        'an unknown nested field',
        { ...application('11010519491231002X'), applicant: { idNumber: '11010519491231002X', name: 'a', shoeSize: 42 } },
        'VALIDATION_FAILED',
        'applicant.shoeSize',
      ],
      ['a wrong ID check character', application('110105194912310021'), 'INVALID_ID_NUMBER', 'applicant.idNumber'],
      ['an impossible birth date in the ID', application('110105194902300028'), 'INVALID_ID_NUMBER', 'applicant.idNumber'],
      [
        'a birth date contradicting the ID',
        application('11010519491231002X', { applicant: { idNumber: '11010519491231002X', name: 'a', birthDate: '1949-12-30' } }),
        'BIRTH_DATE_MISMATCH',
        'applicant.birthDate',
      ],
      ['an unknown case type', { ...application('11010519491231002X'), caseType: 'moon-pension' }, 'VALIDATION_FAILED', 'caseType'],
      ['a missing applicant', { caseType: 'hardship-allowance', regionCode: '370124001001' }, 'VALIDATION_FAILED', 'applicant'],
      ['a malformed region', { ...application('11010519491231002X'), regionCode: '37' }, 'VALIDATION_FAILED', 'regionCode'],
      [
        "a region outside the officer's township",
        { ...application('11010519491231002X'), regionCode: '370124100001' },
        'UNKNOWN_REGION',
        'regionCode',
      ],
      ['a future application date', { ...application('11010519491231002X'), appliedOn: '2099-01-01' }, 'VALIDATION_FAILED', 'appliedOn'],
    ])('%s', async (_what, body, code, field) => {
      const req = sys
        .http()
        .post('/api/cases')
        .set(...auth(officer))
        .set('Content-Type', 'application/json');
      const res = await req.send(typeof body === 'string' ? body : JSON.stringify(body));
      expect(res.status).toBe(400);
      expect(res.body.code).toBe(code);
      if (field) {
        expect(res.body.message).toContain(field);
        // What the officer reads beside the field is Chinese (the ID rule's, the future date's, the DTO's).
        expect(res.body.fields).toEqual(expect.arrayContaining([{ field, message: expect.stringMatching(/[\u3400-\u9fff]/) }]));
      }
    });

    it('a second open application of the same type for the same person is a 409', async () => {
      const idNumber = fakeIdNumber('1955-01-31');
      await intake(idNumber);
      const res = await intake(idNumber, 409);
      expect(res.body.code).toBe('CASE_ALREADY_OPEN');
    });

    it('a case id that is not a UUID is a 400; an unknown one a 404; no token a 401', async () => {
      expect(
        (
          await sys
            .http()
            .get('/api/cases/not-a-uuid')
            .set(...auth(officer))
        ).status,
      ).toBe(400);
      expect(
        (
          await sys
            .http()
            .get('/api/cases/7d1c2c0e-0000-4000-8000-000000000000')
            .set(...auth(officer))
        ).status,
      ).toBe(404);
      expect((await sys.http().get('/api/cases')).status).toBe(401);
    });
  });

  it('health reports PostgreSQL, Temporal and the worker', async () => {
    const res = await sys.http().get('/api/health').expect(200);
    // 'attention' when another spec left a case reported stuck in the shared test database.
    expect(res.body).toMatchObject({
      status: expect.stringMatching(/^(ok|attention)$/),
      checks: { postgres: { status: 'up' }, temporal: { status: 'up' }, worker: { status: 'up' } },
    });
  });
});
