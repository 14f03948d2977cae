/**
 * What kind of failure an error is; the exception filter maps each kind to one
 * HTTP status with an exhaustive switch.
 */
export type ErrorKind =
  | 'malformed' // 400: the request cannot be read as sent
  | 'unauthenticated' // 401
  | 'forbidden' // 403
  | 'not_found' // 404
  | 'conflict' // 409
  | 'precondition_failed' // 412
  | 'too_large' // 413
  | 'unsupported_media_type' // 415
  | 'unprocessable' // 422: well-formed but breaks a rule
  | 'precondition_required' // 428
  | 'rate_limited' // 429
  | 'unavailable'; // 503

/** Base of every domain error: a stable code, a kind and a human message. */
export class AppError extends Error {
  constructor(
    readonly code: string,
    readonly kind: ErrorKind,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

/** Declares a module's error codes with their kinds, and the error class that carries them. */
export function defineErrors<const T extends Record<string, ErrorKind>>(codes: T) {
  return class ModuleError extends AppError {
    constructor(code: keyof T & string, message: string, details?: unknown) {
      super(code, codes[code], message, details);
    }
  };
}
