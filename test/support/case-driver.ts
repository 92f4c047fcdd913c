import type { CaseType } from '@app/contracts';
import { auth, eventually, fakeIdNumber, type TestSystem } from './system';

export interface OpenTask {
  id: string;
  step: string;
  dueAt: string;
  dueDate: string;
  overdue: boolean;
  escalationLevel: number;
  calendarFlag: string | null;
}

/** Drives cases through the HTTP API as officers would. */
export class CaseDriver {
  constructor(private readonly sys: TestSystem) {}

  async create(
    username: string,
    body: {
      caseType: CaseType;
      regionCode: string;
      birthDate: string;
      idNumber?: string;
      name?: string;
      details?: Record<string, unknown>;
    },
  ) {
    const token = await this.sys.token(username);
    const res = await this.sys
      .http()
      .post('/api/cases')
      .set(...auth(token))
      .send({
        caseType: body.caseType,
        regionCode: body.regionCode,
        applicant: { idNumber: body.idNumber ?? fakeIdNumber(body.birthDate), name: body.name ?? '测试老人' },
        ...(body.details ? { details: body.details } : {}),
      });
    if (res.status !== 201) throw new Error(`create case: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body as { id: string; caseNo: string; status: string; currentStep: string; applicant: { personId: string } };
  }

  async get(username: string, caseId: string) {
    const res = await this.sys
      .http()
      .get(`/api/cases/${caseId}`)
      .set(...auth(await this.sys.token(username)));
    if (res.status !== 200) throw new Error(`get case: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body as {
      status: string;
      currentStep: string | null;
      waitingUntil: string | null;
      outcomeReason: string | null;
      openTasks: OpenTask[];
    } & Record<string, unknown>;
  }

  async task(username: string, caseId: string, step: string, timeoutMs = 20000): Promise<OpenTask> {
    return eventually(
      async () => (await this.get(username, caseId)).openTasks.find((t) => t.step === step),
      timeoutMs,
      `open task ${step}`,
    );
  }

  async status(username: string, caseId: string, status: string, timeoutMs = 20000) {
    return eventually(
      async () => {
        const c = await this.get(username, caseId);
        return c.status === status ? c : undefined;
      },
      timeoutMs,
      `case status ${status}`,
    );
  }

  async complete(
    username: string,
    taskId: string,
    body: { step: string; outcome: string; comment?: string; data?: Record<string, unknown> },
  ) {
    return this.sys
      .http()
      .post(`/api/tasks/${taskId}/complete`)
      .set(...auth(await this.sys.token(username)))
      .send(body);
  }

  /** Completes the open task of `step` and expects success. */
  async decide(
    username: string,
    caseId: string,
    step: string,
    outcome: string,
    extra: { comment?: string; data?: Record<string, unknown> } = {},
  ) {
    const task = await this.task(username, caseId, step);
    const res = await this.complete(username, task.id, { step, outcome, ...extra });
    if (res.status !== 200) throw new Error(`complete ${step}/${outcome}: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body as { case: { status: string; currentStep: string | null; openTasks: { taskId: string; step: string }[] } };
  }

  async timeline(username: string, caseId: string) {
    const res = await this.sys
      .http()
      .get(`/api/cases/${caseId}/timeline`)
      .set(...auth(await this.sys.token(username)))
      .expect(200);
    return res.body as {
      action: string;
      step: string | null;
      actorRole: string;
      reason: string | null;
      after: Record<string, unknown> | null;
    }[];
  }
}

export const HOME_VISIT = { homeVisit: { visitedOn: '2026-11-20', staffCount: 2, findings: '入户核查,家庭情况与申报一致' } };
