import {
  ASSESSMENT_DIMENSIONS,
  ASSESSMENT_ITEMS,
  scoreAssessment,
  type AssessmentError,
  type AssessmentInput,
  type AssessmentScored,
} from '@app/domain/assessment';

/** The assessor's form while it is being filled in: scores may be missing or (typed) out of range. */
export interface AssessmentFormState {
  items: Record<string, number | null>;
  coma: boolean;
  dementia: boolean;
  psychiatricDiagnosis: boolean;
  careRiskEvents30d: number;
}

export function emptyAssessmentForm(): AssessmentFormState {
  return {
    items: Object.fromEntries(ASSESSMENT_ITEMS.map((i) => [i.code, null])),
    coma: false,
    dementia: false,
    psychiatricDiagnosis: false,
    careRiskEvents30d: 0,
  };
}

export function setItemScore(state: AssessmentFormState, code: string, score: number | null): AssessmentFormState {
  return { ...state, items: { ...state.items, [code]: score } };
}

/** The 26 items grouped by the standard's four dimensions, in the standard's order. */
export const ASSESSMENT_GROUPS = ASSESSMENT_DIMENSIONS.map((d) => ({
  ...d,
  items: ASSESSMENT_ITEMS.filter((i) => i.dimension === d.code),
}));

export interface AssessmentLive {
  /** Sum of the scores entered so far. */
  runningTotal: number;
  /** Items still without a score. */
  missing: number;
  /** Range errors by item code (Chinese), from the same rule the server applies. */
  itemErrors: Record<string, string>;
  /** Total, level and adjustments once every item has a valid score. */
  scored: AssessmentScored | null;
}

/** Live total and level with libs/domain's scoreAssessment: the same computation the server binds. */
export function liveAssessment(state: AssessmentFormState): AssessmentLive {
  const entered = Object.entries(state.items).filter((e): e is [string, number] => e[1] !== null);
  const input: AssessmentInput = {
    items: Object.fromEntries(entered),
    coma: state.coma,
    dementia: state.dementia,
    psychiatricDiagnosis: state.psychiatricDiagnosis,
    careRiskEvents30d: state.careRiskEvents30d,
  };
  const result = scoreAssessment(input);
  const itemErrors: Record<string, string> = {};
  let missing = 0;
  if (!result.ok) {
    for (const e of result.errors as readonly AssessmentError[]) {
      if (e.code === 'missing') missing += 1;
      else itemErrors[e.item] = e.messageZh;
    }
  }
  const runningTotal = entered.reduce((sum, [, v]) => sum + (Number.isFinite(v) ? v : 0), 0);
  return { runningTotal, missing, itemErrors, scored: result.ok ? result : null };
}

/** The form as the API's assessment data (only when complete and valid). */
export function toAssessmentData(state: AssessmentFormState): AssessmentInput | null {
  const live = liveAssessment(state);
  if (!live.scored) return null;
  return {
    items: Object.fromEntries(Object.entries(state.items).map(([k, v]) => [k, v as number])),
    coma: state.coma,
    dementia: state.dementia,
    psychiatricDiagnosis: state.psychiatricDiagnosis,
    careRiskEvents30d: state.careRiskEvents30d,
  };
}
