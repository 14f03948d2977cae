import type { NextFunction, Request, Response } from 'express';
import { CommonError } from '../errors/common.errors';

// File uploads check their own content types (text/csv, images).
const FILE_ENDPOINTS = /\/(import|photos)$/;

/** A body that is not JSON sent to a JSON endpoint is a 415 that says what to send, not a puzzling 400. */
export function jsonContentTypeMiddleware(request: Request, _response: Response, next: NextFunction): void {
  if (!['POST', 'PUT', 'PATCH'].includes(request.method)) return next();
  const hasBody = Number(request.headers['content-length'] ?? 0) > 0 || request.headers['transfer-encoding'] !== undefined;
  if (!hasBody || FILE_ENDPOINTS.test(request.path)) return next();
  const type = (request.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();
  if (type === 'application/json' || type.endsWith('+json')) return next();
  next(new CommonError('UNSUPPORTED_MEDIA_TYPE', `Send the body as JSON with Content-Type: application/json (got ${type || 'no content type'})`));
}
