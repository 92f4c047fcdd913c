import { HttpStatus } from '@nestjs/common';
import { chineseErrorMessage } from '@app/contracts';

/** Every error the API answers with deliberately, by code. The filter maps codes to HTTP statuses. */
export const API_ERROR_STATUS = {
  VALIDATION_FAILED: HttpStatus.BAD_REQUEST,
  MALFORMED_JSON: HttpStatus.BAD_REQUEST,
  INVALID_ID_NUMBER: HttpStatus.BAD_REQUEST,
  BIRTH_DATE_MISMATCH: HttpStatus.BAD_REQUEST,
  NAME_MISMATCH: HttpStatus.BAD_REQUEST,
  UNKNOWN_REGION: HttpStatus.BAD_REQUEST,
  OUTCOME_NOT_ALLOWED: HttpStatus.BAD_REQUEST,
  REASON_REQUIRED: HttpStatus.BAD_REQUEST,
  INVALID_DATA: HttpStatus.BAD_REQUEST,
  UNAUTHENTICATED: HttpStatus.UNAUTHORIZED,
  BAD_CREDENTIALS: HttpStatus.UNAUTHORIZED,
  FORBIDDEN: HttpStatus.FORBIDDEN,
  ROLE_NOT_ALLOWED: HttpStatus.FORBIDDEN,
  CLAIMED_BY_OTHER: HttpStatus.FORBIDDEN,
  SAME_PERSON: HttpStatus.FORBIDDEN,
  NOT_FOUND: HttpStatus.NOT_FOUND,
  OUT_OF_SCOPE: HttpStatus.NOT_FOUND,
  CASE_ALREADY_OPEN: HttpStatus.CONFLICT,
  TASK_CLOSED: HttpStatus.CONFLICT,
  TASK_NOT_OPEN: HttpStatus.CONFLICT,
  WRONG_STEP: HttpStatus.CONFLICT,
  CASE_FINISHED: HttpStatus.CONFLICT,
  NOT_IN_NOTICE: HttpStatus.CONFLICT,
  NOT_APPLICABLE: HttpStatus.CONFLICT,
  CONFLICT: HttpStatus.CONFLICT,
  PERSON_SERVED_ELSEWHERE: HttpStatus.CONFLICT,
  /** A bed that holds a stay (reserved or occupied), or held one, cannot leave service or be deleted. */
  BED_IN_USE: HttpStatus.CONFLICT,
  IDEMPOTENCY_KEY_REUSED: HttpStatus.UNPROCESSABLE_ENTITY,
  LOGIN_LOCKED: HttpStatus.TOO_MANY_REQUESTS,
  TOO_MANY_REQUESTS: HttpStatus.TOO_MANY_REQUESTS,
  POLICY_NOT_FOUND: HttpStatus.UNPROCESSABLE_ENTITY,
  NOT_ELIGIBLE: HttpStatus.UNPROCESSABLE_ENTITY,
  PAYLOAD_TOO_LARGE: HttpStatus.PAYLOAD_TOO_LARGE,
  UNSUPPORTED_MEDIA_TYPE: HttpStatus.UNSUPPORTED_MEDIA_TYPE,
  DEPENDENCY_UNAVAILABLE: HttpStatus.SERVICE_UNAVAILABLE,
  /** Not a failure: the decision reached Temporal but the case's workflow has not taken it yet. */
  DECISION_PENDING: HttpStatus.ACCEPTED,
} as const;

export type ApiErrorCode = keyof typeof API_ERROR_STATUS;

export interface FieldError {
  field: string;
  message: string;
}

/** What an answer may add to { statusCode, code, message, fields }: the case a 409 is about, when to retry. */
export interface ApiErrorExtra {
  caseId?: string;
  caseNo?: string;
  updateId?: string;
  /** Seconds, sent as the Retry-After header. */
  retryAfter?: number;
}

/**
 * A deliberate refusal. Its message is the code's Chinese sentence (`API_ERROR_MESSAGES_ZH`), with
 * the thrower's specific detail after it in brackets.
 */
export class ApiError extends Error {
  constructor(
    readonly code: ApiErrorCode,
    detail: string,
    readonly fields: FieldError[] = [],
    readonly extra: ApiErrorExtra = {},
  ) {
    super(chineseErrorMessage(code, detail));
  }

  static dependencyUnavailable(what: 'PostgreSQL' | 'Temporal', retryAfter = 5): ApiError {
    return new ApiError(
      'DEPENDENCY_UNAVAILABLE',
      `${what === 'PostgreSQL' ? '数据库' : '流程引擎'}暂时不可用，请稍后重试。(${what} is unreachable; nothing was changed by this request unless it says otherwise.)`,
      [],
      { retryAfter },
    );
  }

  static notFound(what = 'Resource'): ApiError {
    return new ApiError('NOT_FOUND', `${what} not found.`);
  }

  static field(code: ApiErrorCode, field: string, message: string): ApiError {
    return new ApiError(code, `${field}: ${message}`, [{ field, message }]);
  }
}

export function isApiErrorCode(code: string): code is ApiErrorCode {
  return Object.prototype.hasOwnProperty.call(API_ERROR_STATUS, code);
}
