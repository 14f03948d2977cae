/** The body of every error (DESIGN §7). */
export class ErrorResponseDto {
  /** The HTTP status, repeated. */
  statusCode!: number;
  /** The HTTP reason phrase, e.g. "Unprocessable Entity". */
  error!: string;
  /** A stable machine-readable code, e.g. `INCIDENT_ILLEGAL_TRANSITION`. */
  code!: string;
  message!: string;
  /** Per-field problems for validation errors, line problems for files, the conflict for 409s. */
  details?: unknown;
  /** Also sent as the X-Request-Id header; quote it when reporting a problem. */
  requestId!: string | null;
}
