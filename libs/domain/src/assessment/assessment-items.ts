/**
 * GB/T 42195-2022《老年人能力评估规范》: the 26 items, their dimensions and score ranges.
 * Higher scores mean more able; every item's minimum is 0.
 */

export type AssessmentDimension = 'self_care' | 'basic_motor' | 'mental' | 'perception_social';

export type AssessmentItemCode =
  | 'eating'
  | 'grooming'
  | 'bathing'
  | 'dressing_upper'
  | 'dressing_lower'
  | 'urine_control'
  | 'bowel_control'
  | 'toileting'
  | 'bed_position'
  | 'bed_chair_transfer'
  | 'walking_flat'
  | 'stairs'
  | 'orientation_time'
  | 'orientation_place'
  | 'orientation_person'
  | 'memory'
  | 'comprehension'
  | 'expression'
  | 'aggression'
  | 'depression'
  | 'consciousness'
  | 'vision'
  | 'hearing'
  | 'daily_affairs'
  | 'transport'
  | 'social_interaction';

export interface AssessmentItem {
  readonly code: AssessmentItemCode;
  readonly nameZh: string;
  readonly dimension: AssessmentDimension;
  readonly min: 0;
  readonly max: number;
}

export interface AssessmentDimensionInfo {
  readonly code: AssessmentDimension;
  readonly nameZh: string;
  readonly nameEn: string;
  readonly max: number;
}

export const ASSESSMENT_DIMENSIONS: readonly AssessmentDimensionInfo[] = [
  { code: 'self_care', nameZh: '自理能力', nameEn: 'self-care', max: 32 },
  { code: 'basic_motor', nameZh: '基础运动能力', nameEn: 'basic motor', max: 15 },
  { code: 'mental', nameZh: '精神状态', nameEn: 'mental state', max: 28 },
  { code: 'perception_social', nameZh: '感知觉与社会参与', nameEn: 'perception and social participation', max: 15 },
];

export const ASSESSMENT_TOTAL_MAX = 90;

const item = (code: AssessmentItemCode, nameZh: string, dimension: AssessmentDimension, max: number): AssessmentItem => ({
  code,
  nameZh,
  dimension,
  min: 0,
  max,
});

/** In the standard's order (B.1 to B.4). */
export const ASSESSMENT_ITEMS: readonly AssessmentItem[] = [
  item('eating', '进食', 'self_care', 4),
  item('grooming', '修饰', 'self_care', 4),
  item('bathing', '洗澡', 'self_care', 4),
  item('dressing_upper', '穿/脱上衣', 'self_care', 4),
  item('dressing_lower', '穿/脱裤子和鞋袜', 'self_care', 4),
  item('urine_control', '小便控制', 'self_care', 4),
  item('bowel_control', '大便控制', 'self_care', 4),
  item('toileting', '如厕', 'self_care', 4),
  item('bed_position', '床上体位转移', 'basic_motor', 4),
  item('bed_chair_transfer', '床椅转移', 'basic_motor', 4),
  item('walking_flat', '平地行走', 'basic_motor', 4),
  item('stairs', '上下楼梯', 'basic_motor', 3),
  item('orientation_time', '时间定向', 'mental', 4),
  item('orientation_place', '空间定向', 'mental', 4),
  item('orientation_person', '人物定向', 'mental', 4),
  item('memory', '记忆', 'mental', 4),
  item('comprehension', '理解能力', 'mental', 4),
  item('expression', '表达能力', 'mental', 4),
  item('aggression', '攻击行为', 'mental', 1),
  item('depression', '抑郁症状', 'mental', 1),
  item('consciousness', '意识水平', 'mental', 2),
  item('vision', '视力', 'perception_social', 2),
  item('hearing', '听力', 'perception_social', 2),
  item('daily_affairs', '执行日常事务', 'perception_social', 4),
  item('transport', '使用交通工具外出', 'perception_social', 3),
  item('social_interaction', '社会交往能力', 'perception_social', 4),
];

const ITEMS_BY_CODE: ReadonlyMap<string, AssessmentItem> = new Map(ASSESSMENT_ITEMS.map((i) => [i.code, i]));

export function findAssessmentItem(code: string): AssessmentItem | undefined {
  return ITEMS_BY_CODE.get(code);
}
