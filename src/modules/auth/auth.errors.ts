import { defineErrors } from '../../common/errors/app-error';

export class AuthError extends defineErrors({
  AUTH_MISSING_CREDENTIALS: 'unauthenticated',
  AUTH_INVALID_TOKEN: 'unauthenticated',
  AUTH_INVALID_API_KEY: 'unauthenticated',
  AUTH_INVALID_CREDENTIALS: 'unauthenticated',
  AUTH_FORBIDDEN_ROLE: 'forbidden',
}) {}
