import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import type { Actor } from './roles';
import type { CaseStateView } from './workflow-io';

import { CARE_LEVELS, isCareLevel, type CareLevel } from './care-level';

export { CARE_LEVELS, isCareLevel, type CareLevel };

/** `details` of a trial-stay case (POST /api/cases with caseType 'trial-stay'). */
export interface TrialStayDetails {
  careHomeId: string;
  /** Waiting-list priority category; one of the policy's `priorityCategories`. */
  priorityCategory: string;
  /** The elder's care level when known at intake; defaults to the priority category when that names a care level. */
  careLevel: CareLevel | null;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const DETAIL_KEYS = ['careHomeId', 'priorityCategory', 'careLevel'];

export type TrialStayDetailsResult = { ok: true; value: TrialStayDetails } | { ok: false; problems: string[] };

/** Reads a trial-stay case's `details`; every problem names its field, so a refusal can say what was wrong. */
export function parseTrialStayDetails(details: unknown, priorityCategories: readonly string[]): TrialStayDetailsResult {
  if (typeof details !== 'object' || details === null || Array.isArray(details)) {
    return { ok: false, problems: ['details: 须为对象,包含 careHomeId 与 priorityCategory'] };
  }
  const d = details as Record<string, unknown>;
  const problems: string[] = [];
  for (const key of Object.keys(d)) {
    if (!DETAIL_KEYS.includes(key)) problems.push(`details.${key}: 不是试住申请的字段`);
  }
  if (typeof d.careHomeId !== 'string' || !UUID.test(d.careHomeId)) {
    problems.push('details.careHomeId: 须为敬老院编号(UUID)');
  }
  if (typeof d.priorityCategory !== 'string' || !priorityCategories.includes(d.priorityCategory)) {
    problems.push(`details.priorityCategory: 须为以下轮候类别之一:${priorityCategories.join('、')}`);
  }
  if (d.careLevel !== undefined && d.careLevel !== null && !isCareLevel(d.careLevel)) {
    problems.push(`details.careLevel: 须为以下护理等级之一:${CARE_LEVELS.join('、')}`);
  }
  if (problems.length > 0) return { ok: false, problems };
  const priorityCategory = d.priorityCategory as string;
  const careLevel = isCareLevel(d.careLevel) ? d.careLevel : isCareLevel(priorityCategory) ? priorityCategory : null;
  return { ok: true, value: { careHomeId: (d.careHomeId as string).toLowerCase(), priorityCategory, careLevel } };
}

/** Sent by the workflow of the case that released a bed to the case it reserved that bed for. */
export interface BedOffer {
  bedId: string;
  homeId: string;
  offeredByCaseId: string;
}

export interface LeaveTrialInput {
  actor: Actor;
  reason: string;
}

/** Where a trial-stay case is, for diagnosis (the API reads its own views from PostgreSQL). */
export interface TrialStayView {
  phase: 'checking' | 'accepting' | 'waiting_list' | 'check_in' | 'trial' | 'trial_decision' | 'admission' | 'ended';
  homeId: string | null;
  bedId: string | null;
  careLevel: CareLevel | null;
  trialEndsAt: string | null;
}

/** Wakes a case waiting on the list: the database already records the bed reserved for it. */
export const bedOfferedSignal = defineSignal<[BedOffer]>('bedOffered');
/** The elder leaves during the trial period (a voluntary withdrawal), recorded by a township officer. */
export const leaveTrialEarlyUpdate = defineUpdate<CaseStateView, [LeaveTrialInput]>('leaveTrialEarly');
export const trialStayQuery = defineQuery<TrialStayView>('trialStay');
