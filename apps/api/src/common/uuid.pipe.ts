import { ParseUUIDPipe } from '@nestjs/common';
import { FIELD_PROBLEMS_ZH } from '@app/contracts';
import { ApiError } from './api-error.exception';

/** A path id that is not a UUID is a 400 naming the parameter. */
export function uuidParam(name = 'id'): ParseUUIDPipe {
  return new ParseUUIDPipe({ exceptionFactory: () => ApiError.field('VALIDATION_FAILED', name, FIELD_PROBLEMS_ZH.notAUuid) });
}
