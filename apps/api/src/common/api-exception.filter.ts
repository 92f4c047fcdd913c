import { ArgumentsHost, Catch, HttpException, HttpStatus, type ExceptionFilter } from '@nestjs/common';
import type { Response } from 'express';
import { chineseErrorMessage } from '@app/contracts';
import { JsonLogger } from '@app/runtime';
import { API_ERROR_STATUS, ApiError, type FieldError } from './api-error.exception';
import { isDatabaseUnavailable, isTemporalUnavailable } from './dependency-errors';

interface ErrorBody {
  statusCode: number;
  code: string;
  message: string;
  fields?: FieldError[];
  [extra: string]: unknown;
}

/** Errors from the body parser (raw-body, body-parser) carry a type and a 4xx status. */
const PARSER_ERRORS: Record<string, { code: string; message: string; statusCode?: number }> = {
  'entity.parse.failed': { code: 'MALFORMED_JSON', message: 'The request body is not valid JSON.' },
  'entity.too.large': { code: 'PAYLOAD_TOO_LARGE', message: 'The request body is too large.' },
  'json.too.deep': { code: 'VALIDATION_FAILED', message: 'The request body is nested too deeply.', statusCode: 400 },
  'charset.unsupported': { code: 'UNSUPPORTED_MEDIA_TYPE', message: 'Send JSON as UTF-8 (Content-Type: application/json; charset=utf-8).' },
  'encoding.unsupported': { code: 'UNSUPPORTED_MEDIA_TYPE', message: 'The request body must not be compressed.' },
  'request.aborted': { code: 'BAD_REQUEST', message: 'The request was aborted.' },
  'request.size.invalid': { code: 'BAD_REQUEST', message: 'The request body does not match its Content-Length.' },
};

/** PostgreSQL errors a request can provoke: answered as the client's fault, never with the row's values. */
function databaseRefusal(err: unknown): ErrorBody | null {
  const e = err as { code?: unknown; driverError?: { code?: unknown } };
  const code = typeof e?.code === 'string' ? e.code : typeof e?.driverError?.code === 'string' ? e.driverError.code : '';
  if (!/^(22|23|40)/.test(code)) return null;
  if (code === '23505' || code === '23503' || code.startsWith('40')) {
    return { statusCode: 409, code: 'CONFLICT', message: 'The record changed or already exists; reload and try again.' };
  }
  return { statusCode: 400, code: 'INVALID_DATA', message: 'A value could not be stored (wrong format, out of range or missing).' };
}

/**
 * One shape for every error: { statusCode, code, message, fields? }. Known failures map by code;
 * framework errors (bad JSON, too large, wrong charset) become 4xx; an unreachable PostgreSQL or
 * Temporal is a 503 with Retry-After; anything unexpected is logged (scrubbed) and answered 500
 * without internals.
 */
@Catch()
export class ApiExceptionFilter implements ExceptionFilter {
  private readonly log = new JsonLogger('api');

  catch(exception: unknown, host: ArgumentsHost): void {
    const res = host.switchToHttp().getResponse<Response>();
    const answer = isDatabaseUnavailable(exception)
      ? ApiError.dependencyUnavailable('PostgreSQL')
      : isTemporalUnavailable(exception)
        ? ApiError.dependencyUnavailable('Temporal')
        : exception;
    const body = this.toBody(answer);
    body.message = chineseErrorMessage(body.code, body.message);
    if (body.statusCode >= 500) {
      this.log.write(body.statusCode === 503 ? 'warn' : 'error', body.statusCode === 503 ? 'dependency unavailable' : 'unhandled error', {
        err:
          exception instanceof Error
            ? { errorType: exception.name, message: exception.message, stack: body.statusCode === 503 ? undefined : exception.stack }
            : String(exception),
      });
    }
    if (answer instanceof ApiError && answer.extra.retryAfter !== undefined) {
      res.setHeader('Retry-After', String(answer.extra.retryAfter));
    }
    if (res.headersSent) return;
    res.status(body.statusCode).json(body);
  }

  private toBody(exception: unknown): ErrorBody {
    if (exception instanceof ApiError) {
      const { retryAfter: _retryAfter, ...extra } = exception.extra;
      return {
        statusCode: API_ERROR_STATUS[exception.code],
        code: exception.code,
        message: exception.message,
        ...(exception.fields.length ? { fields: exception.fields } : {}),
        ...extra,
      };
    }
    const e = exception as { type?: string; status?: number; statusCode?: number; message?: string };
    const parser = e && typeof e.type === 'string' ? PARSER_ERRORS[e.type] : undefined;
    if (parser) return { statusCode: e.status ?? e.statusCode ?? 400, ...parser };
    const refusal = databaseRefusal(exception);
    if (refusal) return refusal;
    if (exception instanceof HttpException) {
      const status = exception.getStatus();
      const response = exception.getResponse() as { message?: string | string[] } | string;
      const message =
        typeof response === 'string'
          ? response
          : Array.isArray(response.message)
            ? response.message.join('; ')
            : (response.message ?? exception.message);
      // Nest reports a body that is not JSON as a plain 400 whose message comes from JSON.parse.
      if (status === 400 && /JSON|Unexpected token|Unexpected end/i.test(message)) {
        return { statusCode: 400, code: 'MALFORMED_JSON', message: 'The request body is not valid JSON.' };
      }
      const code =
        status === 404
          ? 'NOT_FOUND'
          : status === 401
            ? 'UNAUTHENTICATED'
            : status === 403
              ? 'FORBIDDEN'
              : status === 413
                ? 'PAYLOAD_TOO_LARGE'
                : status === 415
                  ? 'UNSUPPORTED_MEDIA_TYPE'
                  : status === 429
                    ? 'TOO_MANY_REQUESTS'
                    : status < 500
                      ? 'BAD_REQUEST'
                      : 'INTERNAL';
      return { statusCode: status, code, message };
    }
    // Any other client error the HTTP stack raised (status 4xx on a plain error).
    const status = e?.status ?? e?.statusCode;
    if (typeof status === 'number' && status >= 400 && status < 500) {
      return { statusCode: status, code: 'BAD_REQUEST', message: 'The request could not be read.' };
    }
    return { statusCode: HttpStatus.INTERNAL_SERVER_ERROR, code: 'INTERNAL', message: 'An internal error occurred. It has been logged.' };
  }
}
