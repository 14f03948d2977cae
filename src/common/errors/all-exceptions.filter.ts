import { ArgumentsHost, Catch, ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import type { Request, Response } from 'express';
import { STATUS_CODES } from 'node:http';
import { QueryFailedError } from 'typeorm';
import { AppError, ErrorKind } from './app-error';
import { constraintError } from './constraint-errors';

export interface ErrorBody {
  statusCode: number;
  error: string;
  code: string;
  message: string;
  details?: unknown;
  requestId: string | null;
}

interface Mapped {
  status: number;
  code: string;
  message: string;
  details?: unknown;
}

export function statusOf(kind: ErrorKind): number {
  switch (kind) {
    case 'malformed':
      return 400;
    case 'unauthenticated':
      return 401;
    case 'forbidden':
      return 403;
    case 'not_found':
      return 404;
    case 'conflict':
      return 409;
    case 'precondition_failed':
      return 412;
    case 'too_large':
      return 413;
    case 'unsupported_media_type':
      return 415;
    case 'unprocessable':
      return 422;
    case 'precondition_required':
      return 428;
    case 'rate_limited':
      return 429;
    case 'unavailable':
      return 503;
    default: {
      const unknownKind: never = kind;
      throw new Error(`unmapped error kind ${String(unknownKind)}`);
    }
  }
}

const CONNECTION_ERROR_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'ENOTFOUND', 'EPIPE', 'EHOSTUNREACH', '53300', '57P01', '57P02', '57P03']);

/** Maps every error to DESIGN §7's JSON shape; bad input never becomes a 500. */
@Catch()
export class AllExceptionsFilter implements ExceptionFilter {
  private readonly logger = new Logger('Errors');

  catch(exception: unknown, host: ArgumentsHost): void {
    const context = host.switchToHttp();
    const request = context.getRequest<Request>();
    const response = context.getResponse<Response>();
    const mapped = this.map(exception);
    if (mapped.status >= 500) {
      this.logger.error({ err: exception, requestId: request.id }, `${request.method} ${request.originalUrl} failed: ${mapped.message}`);
    } else if (mapped.code === 'CONCURRENT_UPDATE' && exception instanceof QueryFailedError) {
      // The client retries, but a deadlock or a serialization failure is worth seeing: PostgreSQL's words and the statement, never its detail (rows).
      const driverError = exception.driverError as { code?: string; message?: string };
      this.logger.warn(
        { requestId: request.id, sqlState: driverError.code, statement: exception.query.slice(0, 300) },
        `${request.method} ${request.originalUrl} answered 409: ${driverError.message ?? exception.message}`,
      );
    }
    if (response.headersSent) {
      response.end();
      return;
    }
    const body: ErrorBody = {
      statusCode: mapped.status,
      error: STATUS_CODES[mapped.status] ?? 'Error',
      code: mapped.code,
      message: mapped.message,
      ...(mapped.details === undefined ? {} : { details: mapped.details }),
      requestId: request.id === undefined ? null : String(request.id),
    };
    response.status(mapped.status).json(body);
  }

  private map(exception: unknown): Mapped {
    if (exception instanceof AppError) {
      return { status: statusOf(exception.kind), code: exception.code, message: exception.message, details: exception.details };
    }
    if (exception instanceof QueryFailedError) return this.mapQueryError(exception);
    if (exception instanceof HttpException) return this.mapHttpException(exception);
    if (isConnectionError(exception)) {
      return { status: 503, code: 'DATABASE_UNAVAILABLE', message: 'The database is not reachable; try again shortly' };
    }
    return { status: 500, code: 'INTERNAL_ERROR', message: 'An unexpected error occurred' };
  }

  private mapQueryError(error: QueryFailedError): Mapped {
    const driverError = error.driverError as { code?: string; constraint?: string; detail?: string; column?: string };
    const known = constraintError(driverError.constraint);
    if (known) return { status: statusOf(known.kind), code: known.code, message: known.message };
    const sqlState = driverError.code ?? '';
    switch (sqlState) {
      // PostgreSQL's own detail can quote whole rows: answer with names only.
      case '23505':
        return { status: 409, code: 'CONFLICT', message: `A record with the same key already exists (${driverError.constraint ?? 'unique key'})` };
      case '23503':
        return { status: 422, code: 'REFERENCE_NOT_FOUND', message: `A referenced record does not exist (${driverError.constraint ?? 'foreign key'})` };
      case '23502':
        return { status: 400, code: 'VALIDATION_FAILED', message: `${driverError.column ?? 'A field'} is required` };
      case '23514':
      case '23P01':
        return { status: 422, code: 'RULE_VIOLATED', message: `The change breaks a rule (${driverError.constraint ?? sqlState})` };
      case '40001':
      case '40P01':
        return { status: 409, code: 'CONCURRENT_UPDATE', message: 'A concurrent change interfered; retry the request' };
      case '57014':
        return { status: 503, code: 'SERVICE_UNAVAILABLE', message: 'The request took too long and was cancelled' };
    }
    if (sqlState.startsWith('22')) {
      return { status: 400, code: 'INVALID_VALUE', message: `A value is out of range or malformed (${driverError.column ?? sqlState})` };
    }
    // 08P01 is a protocol violation (e.g. too many parameters): a bug of ours, not an outage.
    if ((sqlState.startsWith('08') && sqlState !== '08P01') || CONNECTION_ERROR_CODES.has(sqlState)) {
      return { status: 503, code: 'DATABASE_UNAVAILABLE', message: 'The database is not reachable; try again shortly' };
    }
    return { status: 500, code: 'INTERNAL_ERROR', message: 'An unexpected error occurred' };
  }

  private mapHttpException(exception: HttpException): Mapped {
    const status = exception.getStatus();
    const response = exception.getResponse();
    const message = typeof response === 'string' ? response : String((response as { message?: unknown }).message ?? exception.message);
    switch (status) {
      case 404:
        return { status, code: 'ROUTE_NOT_FOUND', message };
      case 413:
        return { status, code: 'PAYLOAD_TOO_LARGE', message };
      case 429:
        return { status, code: 'TOO_MANY_REQUESTS', message: 'Too many requests; wait before trying again' };
      case 503:
        return { status, code: 'SERVICE_UNAVAILABLE', message, details: typeof response === 'object' ? response : undefined };
      default:
        return { status, code: STATUS_CODES[status]?.toUpperCase().replace(/[^A-Z]+/g, '_') ?? 'HTTP_ERROR', message };
    }
  }
}

function isConnectionError(exception: unknown): boolean {
  const error = exception as { code?: unknown; message?: unknown };
  if (typeof error?.code === 'string' && CONNECTION_ERROR_CODES.has(error.code)) return true;
  const message = typeof error?.message === 'string' ? error.message : '';
  return /Connection terminated|timeout exceeded when trying to connect|connect ECONNREFUSED|Client has encountered a connection error/i.test(message);
}
