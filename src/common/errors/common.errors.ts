import { defineErrors } from './app-error';

/** Errors that belong to no single module. */
export class CommonError extends defineErrors({
  VALIDATION_FAILED: 'malformed',
  MALFORMED_JSON: 'malformed',
  INVALID_CURSOR: 'malformed',
  INVALID_VALUE: 'malformed',
  UNAUTHENTICATED: 'unauthenticated',
  FORBIDDEN: 'forbidden',
  NOT_FOUND: 'not_found',
  ROUTE_NOT_FOUND: 'not_found',
  CONFLICT: 'conflict',
  PAYLOAD_TOO_LARGE: 'too_large',
  UNSUPPORTED_MEDIA_TYPE: 'unsupported_media_type',
  REFERENCE_NOT_FOUND: 'unprocessable',
  RULE_VIOLATED: 'unprocessable',
  TOO_MANY_REQUESTS: 'rate_limited',
  DATABASE_UNAVAILABLE: 'unavailable',
  SERVICE_UNAVAILABLE: 'unavailable',
}) {}
