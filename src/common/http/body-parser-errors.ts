import type { NextFunction, Request, Response } from 'express';
import { CommonError } from '../errors/common.errors';

/** body-parser reports failures as plain errors with a `type`; give them stable codes. */
export function bodyParserErrorMiddleware(error: unknown, _request: Request, _response: Response, next: NextFunction): void {
  const failure = error as { type?: unknown; message?: unknown; limit?: unknown };
  switch (failure?.type) {
    case 'entity.parse.failed':
      return next(new CommonError('MALFORMED_JSON', `The body is not valid JSON: ${String(failure.message)}`));
    case 'entity.too.large':
      return next(new CommonError('PAYLOAD_TOO_LARGE', `The body is larger than the limit of ${String(failure.limit)} bytes`));
    case 'encoding.unsupported':
    case 'charset.unsupported':
      return next(new CommonError('UNSUPPORTED_MEDIA_TYPE', String(failure.message)));
    case 'request.aborted':
    case 'request.size.invalid':
    case 'stream.encoding.set':
    case 'stream.not.readable':
      return next(new CommonError('VALIDATION_FAILED', `The body could not be read: ${String(failure.message)}`));
    default:
      return next(error);
  }
}
