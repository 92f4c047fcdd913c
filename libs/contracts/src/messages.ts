import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import type {
  AssignTaskInput,
  CaseStateView,
  CompleteTaskInput,
  LifeEventInput,
  ReassessmentRequestInput,
  RegisterObjectionInput,
  WithdrawInput,
} from './workflow-io';

/** Human decisions reach a case workflow as Updates whose validators reject wrong steps, roles and closed tasks. */
export const completeTaskUpdate = defineUpdate<CaseStateView, [CompleteTaskInput]>('completeTask');
/** Who holds a task: checked against the workflow's own record, so `completeTask` binds claims too. */
export const assignTaskUpdate = defineUpdate<CaseStateView, [AssignTaskInput]>('assignTask');
export const registerObjectionUpdate = defineUpdate<CaseStateView, [RegisterObjectionInput]>('registerObjection');
export const withdrawUpdate = defineUpdate<CaseStateView, [WithdrawInput]>('withdraw');
export const lifeEventUpdate = defineUpdate<CaseStateView, [LifeEventInput]>('lifeEvent');
export const requestReassessmentUpdate = defineUpdate<CaseStateView, [ReassessmentRequestInput]>('requestReassessment');

export const caseStateQuery = defineQuery<CaseStateView>('caseState');

/**
 * An admin loaded or replaced a year's holiday arrangement: the case recounts the deadlines of its
 * open, not yet escalated tasks whose counting window touches that year.
 */
export const calendarChangedSignal = defineSignal<[{ year: number }]>('calendarChanged');
