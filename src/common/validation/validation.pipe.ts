import { ValidationError, ValidationPipe } from '@nestjs/common';
import { CommonError } from '../errors/common.errors';

export interface FieldProblem {
  field: string;
  problems: string[];
}

/** Flattens nested class-validator errors into `lines.0.quantity`-style paths. */
export function flattenValidationErrors(errors: ValidationError[], parent = ''): FieldProblem[] {
  return errors.flatMap((error) => {
    const field = parent ? `${parent}.${error.property}` : error.property;
    const own = error.constraints ? [{ field, problems: orderProblems(error.constraints) }] : [];
    return [...own, ...flattenValidationErrors(error.children ?? [], field)];
  });
}

// "must be a string" says more than "must be shorter than 200 characters" when both apply.
const TYPE_CHECKS =
  /^(whitelistValidation|isDefined|is(String|Int|Number|Boolean|Array|Object|DateString|ISO8601|Email|Uuid|Enum|In|NumberString|Decimal)|isNotEmpty)$/;

function orderProblems(constraints: Record<string, string>): string[] {
  const entries = Object.entries(constraints);
  return [...entries.filter(([name]) => TYPE_CHECKS.test(name)), ...entries.filter(([name]) => !TYPE_CHECKS.test(name))].map(([, message]) => message);
}

export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    stopAtFirstError: false,
    exceptionFactory: (errors) => {
      const details = flattenValidationErrors(errors);
      const summary = details
        .slice(0, 5)
        .map((detail) => detail.problems[0])
        .join('; ');
      return new CommonError('VALIDATION_FAILED', `Invalid request: ${summary}${details.length > 5 ? '; …' : ''}`, details);
    },
  });
}
