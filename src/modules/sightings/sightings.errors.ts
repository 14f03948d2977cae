import { defineErrors } from '../../common/errors/app-error';

export class SightingsError extends defineErrors({
  SIGHTING_NOT_FOUND: 'not_found',
  IDEMPOTENCY_KEY_REUSED: 'unprocessable',
  SIGHTING_CONTENDED: 'conflict',
  PHOTO_NOT_FOUND: 'not_found',
  PHOTO_MISSING: 'malformed',
  PHOTO_UNSUPPORTED_TYPE: 'unsupported_media_type',
}) {}
