import { Injectable, type ArgumentMetadata, type PipeTransform } from '@nestjs/common';
import { controlCharacterProblems } from '@app/domain/input';
import { ApiError } from './api-error.exception';

/**
 * Every string a request carries (body, query, path), before any DTO sees it: NUL and the other
 * control characters are a 400 naming the field; line breaks only in prose fields (comment, reason…)
 * and inside free-form data. PostgreSQL cannot store NUL, so letting one through freezes a case.
 */
@Injectable()
export class ControlCharactersPipe implements PipeTransform {
  transform(value: unknown, metadata: ArgumentMetadata): unknown {
    if (metadata.type === 'custom') return value;
    const root = metadata.type === 'body' ? '' : (metadata.data ?? '');
    const problems = controlCharacterProblems(value, root);
    if (problems.length > 0) {
      const fields = problems.map((p) => ({ field: p.field, message: p.message }));
      throw new ApiError('VALIDATION_FAILED', fields.map((f) => `${f.field}: ${f.message}`).join('; '), fields);
    }
    return value;
  }
}
