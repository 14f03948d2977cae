import type { ErrorKind } from './app-error';

export interface ConstraintError {
  code: string;
  kind: ErrorKind;
  message: string;
}

const registry = new Map<string, ConstraintError>();

/**
 * Names what a violated database constraint means to a client. Each module
 * registers its own constraints next to its errors; the exception filter looks
 * them up by the constraint name PostgreSQL reports.
 */
export function registerConstraintErrors(errors: Record<string, ConstraintError>): void {
  for (const [name, error] of Object.entries(errors)) registry.set(name, error);
}

export function constraintError(name: string | undefined): ConstraintError | undefined {
  return name === undefined ? undefined : registry.get(name);
}
