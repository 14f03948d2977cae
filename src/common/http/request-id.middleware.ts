import type { NextFunction, Request, Response } from 'express';
import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

const REQUEST_ID = /^[\w.:-]{1,128}$/;

/**
 * Runs first, before body parsing, so even a request refused for a malformed
 * body carries an id. Honours a caller's (a proxy's) X-Request-Id.
 */
export function requestIdMiddleware(request: Request, response: Response, next: NextFunction): void {
  const given = request.headers['x-request-id'];
  const id = typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
  (request as IncomingMessage & { id: string }).id = id;
  response.setHeader('X-Request-Id', id);
  next();
}

/** The request id assigned above, for the logger. */
export const requestIdOf = (request: IncomingMessage): string => String((request as IncomingMessage & { id?: string }).id ?? randomUUID());
