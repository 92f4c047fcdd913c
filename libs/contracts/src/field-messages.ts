const list = (values: unknown): string => (Array.isArray(values) ? values.map(String).join('、') : String(values ?? ''));

/**
 * What a service or a domain rule says of a field it refuses, in Chinese, where several places say
 * the same thing (beside the field in the console, in `fields[].message`). A message said in one
 * place only is written where it is thrown.
 */
export const FIELD_PROBLEMS_ZH = {
  required: '必须填写',
  notARealDate: '不是有效日期',
  inTheFuture: '不能晚于今天',
  notYourRegion: '不是您所辖的乡镇或村居',
  notAdministeredRegion: '不是您所管理的区划',
  unknownTownshipOrVillage: '不是已登记的乡镇(街道)或村(居)',
  unknownRegion: '不是已登记的区划',
  notAnObject: '应为对象',
  controlCharacters: '不能含控制字符(如 NUL)',
  lineBreaks: '不能含换行或制表符',
  notAUuid: '应为有效的编号(UUID)',
} as const;

/**
 * What a broken validation rule says of its field, in Chinese: the API's `fields[].message` and
 * what the console shows beside the field. Keyed by class-validator's rule names; the arguments are
 * the rule's own (`@Max(200)` → [200]).
 */
const RULES_ZH: Record<string, (args: unknown[]) => string> = {
  isDefined: () => FIELD_PROBLEMS_ZH.required,
  isNotEmpty: () => '不能为空',
  isString: () => '应为文字',
  isInt: () => '应为整数',
  isNumber: () => '应为数字',
  isBoolean: () => '应为是或否(true / false)',
  isArray: () => '应为列表',
  isObject: () => FIELD_PROBLEMS_ZH.notAnObject,
  isUUID: () => FIELD_PROBLEMS_ZH.notAUuid,
  isBase64: () => '应为 Base64 编码',
  isIn: ([values]) => `只能是以下之一:${list(values)}`,
  isEnum: ([values]) => `只能是以下之一:${list(values && typeof values === 'object' ? Object.values(values) : values)}`,
  min: ([n]) => `不能小于 ${String(n)}`,
  max: ([n]) => `不能大于 ${String(n)}`,
  minLength: ([n]) => `不能少于 ${String(n)} 个字符`,
  maxLength: ([n]) => `不能超过 ${String(n)} 个字符`,
  length: ([min, max]) => (max === undefined ? `不能少于 ${String(min)} 个字符` : `长度应为 ${String(min)} 至 ${String(max)} 个字符`),
  arrayMinSize: ([n]) => `至少 ${String(n)} 项`,
  arrayMaxSize: ([n]) => `最多 ${String(n)} 项`,
  arrayUnique: () => '不能有重复项',
  matches: () => '格式不正确',
  whitelistValidation: () => '不是可以提交的字段',
  nestedValidation: () => '应为对象或列表',
  unknownValue: () => '无法识别的内容',
};

/** Whether a message is written in Chinese (holds a CJK ideograph): an English one is never shown to an officer. */
export const hasChinese = (text: string): boolean => /[\u3400-\u9fff]/.test(text);

/**
 * A broken rule's Chinese message. A message its DTO wrote in Chinese (a pattern saying what it
 * expects) is kept; any other (class-validator's English) is said from the rule itself.
 */
export function fieldRuleMessage(rule: string, args: unknown[], declared = ''): string {
  if (hasChinese(declared)) return declared;
  return RULES_ZH[rule]?.(args) ?? '填写有误';
}

/** What a pattern (`@Matches`) expects, said once for every DTO that checks the same thing. */
export const FIELD_PATTERNS_ZH = {
  regionCode: '应为 6、9 或 12 位行政区划代码',
  townshipOrVillage: '应为 9 位乡镇或 12 位村(居)区划代码',
  countyCode: '应为 6 位县级区划代码',
  date: '应为日期,格式 YYYY-MM-DD',
  month: '应为月份,格式 YYYY-MM',
  idNumber: '应为 17 位数字加 1 位数字或 X',
  phone: '应为大陆手机号或固定电话号码',
  notBlank: '不能为空白',
  trimmed: '不能为空白,首尾不能有空格',
  username: '应为 3 至 64 位小写字母、数字或 . _ -,以字母或数字开头',
  fileName: '不能含控制字符或斜杠',
  bankCode: '应为 1 至 20 位银行代码(字母、数字、_ 或 -)',
} as const;
