import { ParseUUIDPipe } from '@nestjs/common';
import { ApiError } from './api-error.exception';

/** A path id that is not a UUID is a 400 naming the parameter. */
export function uuidParam(name = 'id'): ParseUUIDPipe {
  return new ParseUUIDPipe({ exceptionFactory: () => ApiError.field('VALIDATION_FAILED', name, 'must be a UUID') });
}
