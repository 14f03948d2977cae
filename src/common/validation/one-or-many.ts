import { ClassConstructor, plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { CommonError } from '../errors/common.errors';
import { FieldProblem, flattenValidationErrors } from './validation.pipe';

export const MAX_ITEMS_PER_CALL = 10_000;

/**
 * Validates a body that may be one object or an array of them (create one or
 * many). Problems name their item: `[3].validTo`. All or nothing.
 */
export function validateOneOrMany<T extends object>(type: ClassConstructor<T>, body: unknown): { items: T[]; many: boolean } {
  const many = Array.isArray(body);
  const raw: unknown[] = many ? (body as unknown[]) : [body];
  if (raw.length === 0) throw new CommonError('VALIDATION_FAILED', 'The array is empty');
  if (raw.length > MAX_ITEMS_PER_CALL) {
    throw new CommonError('VALIDATION_FAILED', `At most ${MAX_ITEMS_PER_CALL} items per call; split the ${raw.length} into several calls`);
  }
  const details: FieldProblem[] = [];
  const items = raw.map((item, index) => {
    const prefix = many ? `[${index}]` : '';
    if (typeof item !== 'object' || item === null || Array.isArray(item)) {
      details.push({ field: prefix || 'body', problems: ['must be an object'] });
      return undefined as unknown as T;
    }
    const instance = plainToInstance(type, item);
    details.push(...flattenValidationErrors(validateSync(instance, { whitelist: true, forbidNonWhitelisted: true }), prefix));
    return instance;
  });
  if (details.length > 0) {
    const summary = details
      .slice(0, 5)
      .map((detail) => `${detail.field}: ${detail.problems[0]}`)
      .join('; ');
    throw new CommonError('VALIDATION_FAILED', `Invalid request: ${summary}${details.length > 5 ? '; …' : ''}`, details);
  }
  return { items, many };
}
