/** Who a login attempt counts against. */
type LoginRequest = { ip?: string; body?: { email?: unknown } };

export const addressTracker = (request: LoginRequest): string => request.ip ?? 'unknown';

export const loginTracker = (request: LoginRequest): string => {
  const email = typeof request.body?.email === 'string' ? request.body.email.trim().toLowerCase() : '';
  return `${addressTracker(request)}|${email}`;
};
