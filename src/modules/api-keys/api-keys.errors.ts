import { defineErrors } from '../../common/errors/app-error';

export class ApiKeysError extends defineErrors({
  API_KEY_NOT_FOUND: 'not_found',
  API_KEY_ALREADY_REVOKED: 'conflict',
}) {}
