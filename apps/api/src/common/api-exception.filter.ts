import { ArgumentsHost, Catch, HttpException, HttpStatus, type ExceptionFilter } from '@nestjs/common';
import type { Response } from 'express';
import { JsonLogger } from '@app/runtime';
import { API_ERROR_STATUS, ApiError, type FieldError } from './api-error.exception';

interface ErrorBody {
  statusCode: number;
  code: string;
  message: string;
  fields?: FieldError[];
}

/**
 * One shape for every error: { statusCode, code, message, fields? }. Known failures map by code;
 * framework errors (bad JSON, too large) become 4xx; anything unexpected is logged (scrubbed) and
 * answered 500 without internals.
 */
@Catch()
export class ApiExceptionFilter implements ExceptionFilter {
  private readonly log = new JsonLogger('api');

  catch(exception: unknown, host: ArgumentsHost): void {
    const res = host.switchToHttp().getResponse<Response>();
    const body = this.toBody(exception);
    if (body.statusCode >= 500) {
      this.log.write('error', 'unhandled error', {
        err:
          exception instanceof Error
            ? { errorType: exception.name, message: exception.message, stack: exception.stack }
            : String(exception),
      });
    }
    res.status(body.statusCode).json(body);
  }

  private toBody(exception: unknown): ErrorBody {
    if (exception instanceof ApiError) {
      return {
        statusCode: API_ERROR_STATUS[exception.code],
        code: exception.code,
        message: exception.message,
        ...(exception.fields.length ? { fields: exception.fields } : {}),
      };
    }
    const e = exception as { type?: string; status?: number; statusCode?: number; message?: string };
    // body-parser failures arrive as plain errors carrying a type.
    if (e && e.type === 'entity.parse.failed') {
      return { statusCode: 400, code: 'MALFORMED_JSON', message: 'The request body is not valid JSON.' };
    }
    if (e && e.type === 'entity.too.large') {
      return { statusCode: 413, code: 'PAYLOAD_TOO_LARGE', message: 'The request body is too large.' };
    }
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
                  : status < 500
                    ? 'BAD_REQUEST'
                    : 'INTERNAL';
      return { statusCode: status, code, message };
    }
    return { statusCode: HttpStatus.INTERNAL_SERVER_ERROR, code: 'INTERNAL', message: 'An internal error occurred. It has been logged.' };
  }
}
