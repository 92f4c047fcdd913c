import { ASSESSMENT_DIMENSIONS, ASSESSMENT_ITEMS, AssessmentDimension, findAssessmentItem } from './assessment-items';
import { CapabilityLevel, MAX_CAPABILITY_LEVEL, capabilityLevelInfo, levelForTotal } from './capability-level';

export interface AssessmentInput {
  /** Score per item code; every one of the 26 items is required. */
  readonly items: Readonly<Record<string, number>>;
  readonly coma: boolean;
  readonly dementia: boolean;
  readonly psychiatricDiagnosis: boolean;
  /** Care-risk events (fall, choking, self-harm, wandering…) in the last 30 days. */
  readonly careRiskEvents30d: number;
}

export type AssessmentErrorCode = 'missing' | 'unknown' | 'not-integer' | 'out-of-range';

export interface AssessmentError {
  /** Item code, or 'careRiskEvents30d'. */
  readonly item: string;
  readonly code: AssessmentErrorCode;
  readonly message: string;
  readonly messageZh: string;
}

export type AdjustmentCode = 'coma' | 'dementia' | 'psychiatric-diagnosis' | 'care-risk-events';

/**
 * What an adjustment did. Only one raise is ever applied: the first trigger (in the order
 * dementia, psychiatric diagnosis, care-risk events) raises, the others are listed as
 * 'already-raised' so the officer sees every reason that applied.
 */
export type AdjustmentEffect = 'set-to-level-4' | 'raised-one-level' | 'already-raised' | 'at-maximum' | 'superseded-by-coma';

export interface AssessmentAdjustment {
  readonly code: AdjustmentCode;
  readonly effect: AdjustmentEffect;
  readonly fromLevel: CapabilityLevel;
  readonly toLevel: CapabilityLevel;
  readonly textZh: string;
  readonly textEn: string;
}

export interface DimensionScore {
  readonly score: number;
  readonly max: number;
}

export interface AssessmentScored {
  readonly ok: true;
  readonly total: number;
  readonly dimensions: Readonly<Record<AssessmentDimension, DimensionScore>>;
  readonly baseLevel: CapabilityLevel;
  readonly baseLevelNameZh: string;
  readonly finalLevel: CapabilityLevel;
  readonly finalLevelNameZh: string;
  readonly finalLevelNameEn: string;
  readonly adjustments: readonly AssessmentAdjustment[];
}

export interface AssessmentRejected {
  readonly ok: false;
  readonly errors: readonly AssessmentError[];
}

export type AssessmentResult = AssessmentScored | AssessmentRejected;

/** Two or more care-risk events in 30 days raise the level (GB/T 42195-2022). */
export const CARE_RISK_EVENTS_THRESHOLD = 2;

const RAISE_TRIGGERS: readonly {
  code: Exclude<AdjustmentCode, 'coma'>;
  applies: (input: AssessmentInput) => boolean;
  reasonZh: (input: AssessmentInput) => string;
  reasonEn: (input: AssessmentInput) => string;
}[] = [
  {
    code: 'dementia',
    applies: (i) => i.dementia,
    reasonZh: () => '确诊痴呆',
    reasonEn: () => 'diagnosed dementia',
  },
  {
    code: 'psychiatric-diagnosis',
    applies: (i) => i.psychiatricDiagnosis,
    reasonZh: () => '经精神科专科医生诊断患有其他精神和行为障碍疾病',
    reasonEn: () => 'psychiatric diagnosis',
  },
  {
    code: 'care-risk-events',
    applies: (i) => i.careRiskEvents30d >= CARE_RISK_EVENTS_THRESHOLD,
    reasonZh: (i) => `近30天内发生照护风险事件${i.careRiskEvents30d}次(2次及以上)`,
    reasonEn: (i) => `${i.careRiskEvents30d} care-risk events in the last 30 days (2 or more)`,
  },
];

function validate(input: AssessmentInput): AssessmentError[] {
  const errors: AssessmentError[] = [];
  for (const item of ASSESSMENT_ITEMS) {
    const range = `${item.min}–${item.max}`;
    const label = `${item.code} (${item.nameZh})`;
    if (!Object.prototype.hasOwnProperty.call(input.items, item.code)) {
      errors.push({
        item: item.code,
        code: 'missing',
        message: `${label}: score missing; expected an integer ${range}`,
        messageZh: `${item.nameZh}(${item.code})缺少评分,应为${range}的整数`,
      });
      continue;
    }
    const value = input.items[item.code];
    if (typeof value !== 'number' || !Number.isInteger(value)) {
      errors.push({
        item: item.code,
        code: 'not-integer',
        message: `${label}: score ${String(value)} is not an integer; expected an integer ${range}`,
        messageZh: `${item.nameZh}(${item.code})评分${String(value)}不是整数,应为${range}的整数`,
      });
    } else if (value < item.min || value > item.max) {
      errors.push({
        item: item.code,
        code: 'out-of-range',
        message: `${label}: score ${value} is outside ${range}`,
        messageZh: `${item.nameZh}(${item.code})评分${value}超出范围${range}`,
      });
    }
  }
  for (const code of Object.keys(input.items)) {
    if (!findAssessmentItem(code)) {
      errors.push({
        item: code,
        code: 'unknown',
        message: `${code}: not an item of GB/T 42195-2022`,
        messageZh: `${code}不是GB/T 42195-2022的评估项目`,
      });
    }
  }
  const events = input.careRiskEvents30d;
  if (typeof events !== 'number' || !Number.isInteger(events)) {
    errors.push({
      item: 'careRiskEvents30d',
      code: 'not-integer',
      message: `careRiskEvents30d (近30天照护风险事件次数): ${String(events)} is not a whole number`,
      messageZh: `近30天照护风险事件次数(careRiskEvents30d)${String(events)}不是整数`,
    });
  } else if (events < 0) {
    errors.push({
      item: 'careRiskEvents30d',
      code: 'out-of-range',
      message: `careRiskEvents30d (近30天照护风险事件次数): ${events} is negative; expected 0 or more`,
      messageZh: `近30天照护风险事件次数(careRiskEvents30d)${events}不能为负数`,
    });
  }
  return errors;
}

function adjust(input: AssessmentInput, baseLevel: CapabilityLevel): { finalLevel: CapabilityLevel; adjustments: AssessmentAdjustment[] } {
  const adjustments: AssessmentAdjustment[] = [];
  const triggered = RAISE_TRIGGERS.filter((t) => t.applies(input));

  if (input.coma) {
    adjustments.push({
      code: 'coma',
      effect: 'set-to-level-4',
      fromLevel: baseLevel,
      toLevel: MAX_CAPABILITY_LEVEL,
      textZh: `处于昏迷状态,直接评定为完全失能(4级),不论总分对应的${baseLevel}级`,
      textEn: `In a coma: rated level 4 (total disability) directly, whatever the score's level ${baseLevel}`,
    });
    for (const t of triggered) {
      adjustments.push({
        code: t.code,
        effect: 'superseded-by-coma',
        fromLevel: MAX_CAPABILITY_LEVEL,
        toLevel: MAX_CAPABILITY_LEVEL,
        textZh: `${t.reasonZh(input)};因昏迷已直接评定为4级,不再提高`,
        textEn: `${t.reasonEn(input)}; no further effect because coma already sets level 4`,
      });
    }
    return { finalLevel: MAX_CAPABILITY_LEVEL, adjustments };
  }

  let level = baseLevel;
  let raised = false;
  for (const t of triggered) {
    if (raised) {
      adjustments.push({
        code: t.code,
        effect: 'already-raised',
        fromLevel: level,
        toLevel: level,
        textZh: `${t.reasonZh(input)};等级已提高过一级,只提高一次`,
        textEn: `${t.reasonEn(input)}; the level was already raised once and is raised only once`,
      });
    } else if (level >= MAX_CAPABILITY_LEVEL) {
      raised = true;
      adjustments.push({
        code: t.code,
        effect: 'at-maximum',
        fromLevel: level,
        toLevel: level,
        textZh: `${t.reasonZh(input)};已是最高等级4级,不再提高`,
        textEn: `${t.reasonEn(input)}; already at level 4, the highest`,
      });
    } else {
      const to = (level + 1) as CapabilityLevel;
      raised = true;
      adjustments.push({
        code: t.code,
        effect: 'raised-one-level',
        fromLevel: level,
        toLevel: to,
        textZh: `${t.reasonZh(input)},在原有等级${level}级上提高一级至${to}级`,
        textEn: `${t.reasonEn(input)}: raised one level from ${level} to ${to}`,
      });
      level = to;
    }
  }
  return { finalLevel: level, adjustments };
}

/** Scores a GB/T 42195-2022 assessment: total, dimension sums, level and its adjustments. */
export function scoreAssessment(input: AssessmentInput): AssessmentResult {
  const errors = validate(input);
  if (errors.length > 0) {
    return { ok: false, errors };
  }

  const dimensions = Object.fromEntries(ASSESSMENT_DIMENSIONS.map((d) => [d.code, { score: 0, max: d.max }])) as Record<
    AssessmentDimension,
    { score: number; max: number }
  >;
  let total = 0;
  for (const item of ASSESSMENT_ITEMS) {
    const score = input.items[item.code];
    dimensions[item.dimension].score += score;
    total += score;
  }

  const baseLevel = levelForTotal(total);
  const { finalLevel, adjustments } = adjust(input, baseLevel);
  const finalInfo = capabilityLevelInfo(finalLevel);
  return {
    ok: true,
    total,
    dimensions,
    baseLevel,
    baseLevelNameZh: capabilityLevelInfo(baseLevel).nameZh,
    finalLevel,
    finalLevelNameZh: finalInfo.nameZh,
    finalLevelNameEn: finalInfo.nameEn,
    adjustments,
  };
}
