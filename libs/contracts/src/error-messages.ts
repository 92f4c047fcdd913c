/**
 * The Chinese sentence for every error code the API answers with (and a few the console meets on
 * its own): one table, used by the API's error bodies and bulk results and by the console's
 * messages, so an officer reads the same words wherever a refusal is shown or exported.
 */
export const API_ERROR_MESSAGES_ZH = {
  BAD_CREDENTIALS: '用户名或密码错误。',
  ACCOUNT_LOCKED: '登录失败次数过多,账户已暂时锁定,请稍后再试。',
  LOGIN_LOCKED: '登录失败次数过多,账户已锁定 15 分钟,请稍后再试。',
  LOCKED_OUT: '登录失败次数过多,账户已暂时锁定,请稍后再试。',
  TOO_MANY_REQUESTS: '请求过于频繁,请稍后再试。',
  UNAUTHENTICATED: '登录已过期,请重新登录。',
  FORBIDDEN: '您的岗位无权进行此操作。',
  ROLE_NOT_ALLOWED: '该环节不属于您的岗位。',
  CLAIMED_BY_OTHER: '该任务已由其他人员认领。',
  NOT_FOUND: '记录不存在,或不在您的辖区内。',
  OUT_OF_SCOPE: '记录不存在,或不在您的辖区内。',
  CASE_ALREADY_OPEN: '该申请人已有同类在办案件,不能重复申请。',
  TASK_CLOSED: '该任务已办结。',
  TASK_NOT_OPEN: '该任务已办结或尚未开始。',
  WRONG_STEP: '案件已进入其他环节,请刷新后再办理。',
  CASE_FINISHED: '案件已办结。',
  NOT_IN_NOTICE: '案件不在公示期内,不能登记异议。',
  NOT_APPLICABLE: '该操作不适用于此案件。',
  CONFLICT: '操作冲突,请刷新后重试。',
  PERSON_SERVED_ELSEWHERE: '该人员由其他区划服务管理,请由其服务区划办理。',
  POLICY_NOT_FOUND: '该区划在申请日期没有适用的政策。',
  NOT_ELIGIBLE: '按现行政策不符合条件。',
  VALIDATION_FAILED: '填写内容有误,请检查标出的字段。',
  INVALID_DATA: '填写内容有误,请检查标出的字段。',
  MALFORMED_JSON: '提交的数据格式不正确。',
  BAD_REQUEST: '请求无法识别,请检查后重试。',
  INVALID_ID_NUMBER: '身份证号码无效(校验码不符或日期错误)。',
  BIRTH_DATE_MISMATCH: '出生日期与身份证号不一致。',
  NAME_MISMATCH: '姓名与该身份证号已登记的姓名不一致。',
  UNKNOWN_REGION: '不是您辖区内的乡镇或村居。',
  OUTCOME_NOT_ALLOWED: '该环节不能选择此办理结果。',
  REASON_REQUIRED: '此办理结果须填写书面理由。',
  IDEMPOTENCY_KEY_REUSED: '该请求编号已用于另一份不同的申请,请勿重复使用。',
  PAYLOAD_TOO_LARGE: '提交的内容过大。',
  UNSUPPORTED_MEDIA_TYPE: '提交的数据编码不受支持,请使用 UTF-8 编码的 JSON。',
  DEPENDENCY_UNAVAILABLE: '服务暂时不可用,请稍后再试。',
  DECISION_PENDING: '决定已提交,等待系统处理。',
  INTERNAL: '系统内部错误,已记录,请稍后再试。',
  SAME_PERSON: '审核人不能是提交该批次的经办人,请由其他审批人审核。',
  WRONG_STATE: '当前状态不能办理此操作,请刷新后重试。',
  BED_IN_USE: '该床位已预留或有人在住(或曾安排入住),不能停用或删除。',
} as const satisfies Record<string, string>;

export type ErrorCodeWithMessage = keyof typeof API_ERROR_MESSAGES_ZH;

const STARTS_IN_CHINESE = /^[\u3400-\u9fff]/;

/**
 * An error's message as the API answers it: the code's Chinese sentence first, then the specific
 * detail (a field name, a limit) in brackets. A detail its author already wrote in Chinese (a
 * lockout with its minutes) is kept as it is.
 */
export function chineseErrorMessage(code: string, detail = ''): string {
  const lead = (API_ERROR_MESSAGES_ZH as Record<string, string>)[code];
  if (!lead || STARTS_IN_CHINESE.test(detail)) return detail || lead || '';
  return detail && detail !== lead ? `${lead}(${detail})` : lead;
}
