import { ArgumentsHost, Logger, NotFoundException } from '@nestjs/common';
import { QueryFailedError } from 'typeorm';
import { AppError, ErrorKind } from './app-error';
import { AllExceptionsFilter, statusOf } from './all-exceptions.filter';
import { registerConstraintErrors } from './constraint-errors';

function capture(exception: unknown) {
  const sent: { status?: number; body?: any } = {};
  const response = {
    headersSent: false,
    status(code: number) {
      sent.status = code;
      return this;
    },
    json(body: unknown) {
      sent.body = body;
    },
  };
  const host = {
    switchToHttp: () => ({ getRequest: () => ({ id: 'req-1', method: 'GET', originalUrl: '/x' }), getResponse: () => response }),
  } as unknown as ArgumentsHost;
  new AllExceptionsFilter().catch(exception, host);
  return sent;
}

const queryError = (driverError: Record<string, unknown>) => new QueryFailedError('SELECT 1', [], Object.assign(new Error('db'), driverError));

describe('statusOf', () => {
  it.each<[ErrorKind, number]>([
    ['malformed', 400],
    ['unauthenticated', 401],
    ['forbidden', 403],
    ['not_found', 404],
    ['conflict', 409],
    ['precondition_failed', 412],
    ['too_large', 413],
    ['unsupported_media_type', 415],
    ['unprocessable', 422],
    ['precondition_required', 428],
    ['rate_limited', 429],
    ['unavailable', 503],
  ])('maps %s to %i', (kind, status) => expect(statusOf(kind)).toBe(status));
});

describe('AllExceptionsFilter', () => {
  beforeAll(() => Logger.overrideLogger(false));

  it('renders a domain error in the one error shape', () => {
    const sent = capture(new AppError('INCIDENT_ILLEGAL_TRANSITION', 'unprocessable', 'cannot close an open incident', { from: 'open', to: 'closed' }));
    expect(sent).toEqual({
      status: 422,
      body: {
        statusCode: 422,
        error: 'Unprocessable Entity',
        code: 'INCIDENT_ILLEGAL_TRANSITION',
        message: 'cannot close an open incident',
        details: { from: 'open', to: 'closed' },
        requestId: 'req-1',
      },
    });
  });

  it('maps a registered constraint by name', () => {
    registerConstraintErrors({ uq_spec_thing: { code: 'THING_TAKEN', kind: 'conflict', message: 'taken' } });
    expect(capture(queryError({ code: '23505', constraint: 'uq_spec_thing' })).body).toMatchObject({ statusCode: 409, code: 'THING_TAKEN', message: 'taken' });
  });

  it.each([
    [{ code: '23505', constraint: 'uq_unregistered' }, 409, 'CONFLICT'],
    [{ code: '23503', constraint: 'fk_unregistered' }, 422, 'REFERENCE_NOT_FOUND'],
    [{ code: '23514', constraint: 'ck_unregistered' }, 422, 'RULE_VIOLATED'],
    [{ code: '22P02' }, 400, 'INVALID_VALUE'],
    [{ code: '22003' }, 400, 'INVALID_VALUE'],
    [{ code: '40001' }, 409, 'CONCURRENT_UPDATE'],
    [{ code: '57P01' }, 503, 'DATABASE_UNAVAILABLE'],
    [{ code: '08006' }, 503, 'DATABASE_UNAVAILABLE'],
    [{ code: '08P01' }, 500, 'INTERNAL_ERROR'],
    [{ code: '23502', column: 'status' }, 400, 'VALIDATION_FAILED'],
  ])('maps PostgreSQL %j to %i %s', (driverError, status, code) => {
    expect(capture(queryError(driverError)).body).toMatchObject({ statusCode: status, code });
  });

  it('logs a deadlock as a warning with the statement, and answers 409', () => {
    const warn = jest.spyOn(Logger.prototype, 'warn');
    const deadlock = new QueryFailedError('UPDATE price_yearly SET units = $1', [], Object.assign(new Error('deadlock detected'), { code: '40P01' }));
    expect(capture(deadlock).body).toMatchObject({ statusCode: 409, code: 'CONCURRENT_UPDATE' });
    expect(warn).toHaveBeenCalledWith(
      { requestId: 'req-1', sqlState: '40P01', statement: 'UPDATE price_yearly SET units = $1' },
      'GET /x answered 409: deadlock detected',
    );
    warn.mockRestore();
  });

  it('never echoes the failing row PostgreSQL quotes', () => {
    const body = capture(queryError({ code: '23514', constraint: 'ck_x', detail: 'Failing row contains (secret, hash)' })).body;
    expect(body.message).not.toContain('secret');
    expect(body.message).toContain('ck_x');
  });

  it('treats a refused connection as 503, not 500', () => {
    const error = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' });
    expect(capture(error).body).toMatchObject({ statusCode: 503, code: 'DATABASE_UNAVAILABLE' });
  });

  it('maps Nest HTTP exceptions', () => {
    expect(capture(new NotFoundException('Cannot GET /x')).body).toMatchObject({ statusCode: 404, code: 'ROUTE_NOT_FOUND' });
  });

  it('hides the details of an unexpected error', () => {
    const sent = capture(new Error('secret internals'));
    expect(sent.body).toEqual({
      statusCode: 500,
      error: 'Internal Server Error',
      code: 'INTERNAL_ERROR',
      message: 'An unexpected error occurred',
      requestId: 'req-1',
    });
  });
});
