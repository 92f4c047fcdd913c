import { ValidationPipe, type ValidationError } from '@nestjs/common';
import { getMetadataStorage } from 'class-validator';
import { fieldRuleMessage } from '@app/contracts';
import { ApiError, type FieldError } from './api-error.exception';

/** The arguments a rule was declared with (`@Length(1, 100)` → [1, 100]), from class-validator's metadata. */
function ruleArguments(target: object | undefined, property: string, rule: string): unknown[] {
  if (!target) return [];
  const declared = getMetadataStorage()
    .getTargetValidationMetadatas(target.constructor, '', true, false)
    .find((m) => m.propertyName === property && m.name === rule);
  return declared?.constraints ?? [];
}

/**
 * Each broken rule → one field error in Chinese: the message a DTO wrote in Chinese is kept (a
 * pattern says what it expects, e.g. 行政区划代码), any other is said from the rule and its
 * arguments (`fieldRuleMessage`), so an officer never reads class-validator's English.
 */
function flatten(errors: ValidationError[], parent = ''): FieldError[] {
  const out: FieldError[] = [];
  for (const e of errors) {
    const field = parent ? `${parent}.${e.property}` : e.property;
    for (const [rule, english] of Object.entries(e.constraints ?? {})) {
      out.push({ field, message: fieldRuleMessage(rule, ruleArguments(e.target, e.property, rule), english) });
    }
    if (e.children?.length) out.push(...flatten(e.children, field));
  }
  return out;
}

/** Whitelisting pipe: unknown fields are an error; every message names its field. */
export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    forbidUnknownValues: true,
    // The target is read for the rules' arguments (above) and never sent: fields carry strings only.
    validationError: { target: true, value: false },
    exceptionFactory: (errors) => {
      const fields = flatten(errors);
      return new ApiError('VALIDATION_FAILED', fields.map((f) => `${f.field}:${f.message}`).join('; ') || 'Invalid request.', fields);
    },
  });
}
