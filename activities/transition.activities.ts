import type { EntityManager } from 'typeorm';
import type { HolidayCalendar } from '@app/domain/calendar';
import { compareMonths, shanghaiMonthOf } from '@app/domain/dates';
import type { DurationPolicy } from '@app/domain/policy';
import { TasksRepository } from '@app/persistence';
import type { CaseActivityDeps } from './case.activities';
import { cancelTaskIn, completeTaskIn, dataSafe, openedTaskRow, openTaskIn, setCaseStateIn } from './case.activities';
import { caseFactsIn, grantIn, planSummaryIn } from './entitlement.activities';
import { eligibleFromMonthIn } from './hardship.activities';
import type { CompleteTaskActivityInput, DeadlineResult, TransitionInput, TransitionResult } from './activity-types';

/**
 * A decision stored with its consequences. Its task row is gone only if the database was changed
 * behind the workflow's back: no retry brings it back, so the case is put before a person.
 */
async function decisionIn(m: EntityManager, input: CompleteTaskActivityInput): Promise<void> {
  await completeTaskIn(m, input, { type: 'DATA_ERROR', message: `the decided task ${input.taskId} has no row` });
}

/**
 * One transition of a case, in one transaction on one connection (passed down to every read and
 * write): the writes the workflow deferred, what the next step needs, and the next task. Short and
 * idempotent (every write is keyed by an id the workflow chose), so workflows run it as a local
 * activity: a human step is then one round trip of work instead of five activity hand-offs.
 */
export function createTransitionActivities({ db, calendars }: CaseActivityDeps) {
  return {
    async advanceCase(input: TransitionInput): Promise<TransitionResult> {
      return dataSafe(() =>
        db.transaction(async (m) => {
          for (const w of input.writes) {
            if (w.kind === 'state') await setCaseStateIn(m, w);
            else if (w.kind === 'decision') await decisionIn(m, w);
            else await cancelTaskIn(m, w);
          }
          // The grant, the age check and the plan read the same facts of the case (after the writes,
          // which may set its acceptance date): read once, with the holiday calendar's stamp.
          const facts = input.grant || input.ageGate || input.plan ? await caseFactsIn(m, input.caseId) : undefined;
          // Deadlines read the holiday calendar (cached; on this connection) only when they count days.
          let calendar: Promise<HolidayCalendar> | undefined;
          const deadlineOf = (from: string, duration: DurationPolicy) =>
            calendars.deadline(new Date(from), duration, () => (calendar ??= calendars.calendar({ on: m, stamp: facts?.calendar_stamp })));
          const deadlines: DeadlineResult[] = [];
          for (const d of input.deadlines ?? []) deadlines.push(await deadlineOf(d.from, d.duration));
          const granted = input.grant ? await grantIn(m, { caseId: input.caseId, ...input.grant }, facts) : null;
          const then = input.grant?.then;
          if (granted && then) {
            await setCaseStateIn(m, {
              ...then,
              details: { ...then.details, entitlementId: granted.entitlementId, startMonth: granted.plan.startMonth },
            });
          }
          if (input.ageGate) {
            const month = await eligibleFromMonthIn(m, input.caseId, facts);
            if (compareMonths(month, shanghaiMonthOf(Date.now())) > 0) {
              return { opened: null, notBeforeMonth: month, deadlines, plan: null, granted };
            }
          }
          const plan = input.plan ? await planSummaryIn(m, input.caseId, facts) : null;
          const due = input.open ? await deadlineOf(input.open.openedAt, input.open.deadline) : null;
          if (input.open && due) {
            const context = plan ? { ...(input.open.context ?? {}), eligibility: plan } : input.open.context;
            const written = await openTaskIn(m, { ...input.open, context }, due);
            if (written.inserted)
              return { opened: { ...due, assigneeId: written.assigneeId }, notBeforeMonth: null, deadlines, plan, granted };
            // Retried after its commit (or written by intake): answer with the deadline and holder the row
            // already has, and add what the workflow shows with it.
            const existing = await openedTaskRow(m, input.open.taskId);
            if (!existing) throw new Error(`task ${input.open.taskId} was neither written nor found`);
            if (context) await new TasksRepository(m).setOpenContext(input.open.taskId, context);
            return { opened: existing, notBeforeMonth: null, deadlines, plan, granted };
          }
          return { opened: due, notBeforeMonth: null, deadlines, plan, granted };
        }),
      );
    },
  };
}
