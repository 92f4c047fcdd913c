import type { CaseType } from '@app/contracts/case-types';
import type { Role } from '@app/contracts/roles';
import type { DurationPolicy } from './duration';
import type { StepCode } from './steps';

/** Overdue handling for a task: overdue at its deadline, then optionally one level up per period. */
export interface EscalationPolicy {
  /** After the first overdue mark, escalate again one region level up after this long; null = never. */
  repeatAfter: DurationPolicy | null;
  /** How many escalation levels in all (1 = only the overdue mark to the township's supervisors). */
  maxLevel: number;
}

export interface TaskStepPolicy {
  kind: 'task';
  step: StepCode;
  role: Role;
  deadline: DurationPolicy;
}

export interface NoticeStepPolicy {
  kind: 'notice';
  step: 'notice';
  period: DurationPolicy;
}

export type ChainStepPolicy = TaskStepPolicy | NoticeStepPolicy;

export interface CasePolicy {
  caseType: CaseType;
  /** Human name of the policy text this version implements. */
  title: string;
  /** The approval chain: which steps, in which order, with which deadlines. */
  chain: ChainStepPolicy[];
  /** Deadline and role of steps opened outside the chain (objection, supplement, decision, reviews). */
  steps: Partial<Record<StepCode, { role: Role; deadline: DurationPolicy }>>;
  escalation: EscalationPolicy;
  /** Which refusals/approvals need a written decision task afterwards. */
  writtenDecision: 'refusal' | 'all' | 'none';
  /** Rules specific to the case type (amounts, eligibility, periods). Money in fen. */
  rules: Record<string, unknown>;
}

/** A policy version as the workflow receives it: the data plus where it came from. */
export interface PolicySnapshot {
  policyId: string;
  version: number;
  regionCode: string;
  effectiveFrom: string;
  body: CasePolicy;
}

export function taskStepPolicy(policy: CasePolicy, step: StepCode): { role: Role; deadline: DurationPolicy } {
  const inChain = policy.chain.find((s): s is TaskStepPolicy => s.kind === 'task' && s.step === step);
  if (inChain) return { role: inChain.role, deadline: inChain.deadline };
  const extra = policy.steps[step];
  if (!extra) throw new Error(`policy for ${policy.caseType} does not define step ${step}`);
  return extra;
}

/** The task a case opens first (its chain's first step), or null when the chain starts otherwise. */
export function firstTaskOf(policy: CasePolicy): TaskStepPolicy | null {
  const first = policy.chain[0];
  return first?.kind === 'task' ? first : null;
}
