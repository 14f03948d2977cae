import { plainToInstance, Transform } from 'class-transformer';
import { IsBoolean, IsEmail, IsIn, IsInt, IsOptional, IsString, Max, MinLength, Min, ValidateBy, validateSync } from 'class-validator';
import { isTimeZone } from '../common/dates/business-date';

export const NODE_ENVS = ['development', 'production', 'test'] as const;
export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

// Development-only fallbacks. Production refuses to start without real values.
export const DEVELOPMENT_DEFAULTS = {
  ADMIN_EMAIL: 'admin@example.com',
  ADMIN_PASSWORD: 'admin-password-change-me',
  JWT_SECRET: 'development-only-jwt-secret-do-not-use-in-production',
} as const;

const toInt = ({ value }: { value: unknown }) => (value === undefined || value === '' ? undefined : Number(value));
const emptyToUndefined = ({ value }: { value: unknown }) => (value === '' ? undefined : value);

/** Every environment variable the service reads, validated once at boot. */
export class Environment {
  @IsIn(NODE_ENVS)
  NODE_ENV: (typeof NODE_ENVS)[number] = 'development';

  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(65535)
  PORT = 3000;

  @IsString()
  HOST = '0.0.0.0';

  @Transform(emptyToUndefined)
  @IsOptional()
  @IsString()
  DATABASE_URL?: string;

  @IsString()
  DATA_DIR = '.data';

  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(200)
  DATABASE_POOL_SIZE = 10;

  @Transform(emptyToUndefined)
  @IsOptional()
  @IsString()
  @MinLength(32, { message: 'JWT_SECRET must be at least 32 characters' })
  JWT_SECRET?: string;

  @Transform(toInt)
  @IsInt()
  @Min(60)
  JWT_TTL_SECONDS = 12 * 3600;

  @Transform(emptyToUndefined)
  @IsOptional()
  @IsEmail({}, { message: 'ADMIN_EMAIL must be an email address' })
  ADMIN_EMAIL?: string;

  @Transform(emptyToUndefined)
  @IsOptional()
  @IsString()
  @MinLength(10, { message: 'ADMIN_PASSWORD must be at least 10 characters' })
  ADMIN_PASSWORD?: string;

  /** Default: info, or silent under NODE_ENV=test. */
  @Transform(emptyToUndefined)
  @IsOptional()
  @IsIn(LOG_LEVELS)
  LOG_LEVEL?: (typeof LOG_LEVELS)[number];

  /** Comma-separated origins allowed to call the API from a browser; empty: none. */
  @IsString()
  CORS_ORIGINS = '';

  @Transform(toInt)
  @IsInt()
  @Min(1)
  LOGIN_RATE_LIMIT = 10;

  @Transform(toInt)
  @IsInt()
  @Min(1)
  LOGIN_RATE_WINDOW_SECONDS = 300;

  @IsString()
  JSON_BODY_LIMIT = '20mb';

  /** The time zone business dates are counted in ("today" for lookups without a date). */
  @IsString()
  @ValidateBy({
    name: 'isTimeZone',
    validator: {
      validate: (value: unknown) => typeof value === 'string' && isTimeZone(value),
      defaultMessage: () => 'BUSINESS_TIMEZONE must be an IANA time zone such as Asia/Shanghai',
    },
  })
  BUSINESS_TIMEZONE = 'Asia/Shanghai';

  /** The largest file a CSV import accepts (bytes, after gunzip); larger gets 413. */
  @Transform(toInt)
  @IsInt()
  @Min(1024)
  IMPORT_MAX_BYTES = 512 * 1024 * 1024;

  /** The largest sighting photo (bytes); larger gets 413. */
  @Transform(toInt)
  @IsInt()
  @Min(1024)
  PHOTO_MAX_BYTES = 10 * 1024 * 1024;

  /**
   * How many proxies in front of the service to believe about the client's
   * address (X-Forwarded-For), e.g. 1 behind one load balancer; 0: none, the
   * connection's own address counts (login rate limits are per address).
   */
  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(10)
  TRUST_PROXY = 0;

  /** Whether this instance runs scheduled work (the reconciliation); off by default under NODE_ENV=test. Several instances may: each run is claimed. */
  @IsOptional()
  @Transform(({ value }) => (value === 'true' ? true : value === 'false' ? false : value))
  @IsBoolean()
  SCHEDULER_ENABLED?: boolean;

  /** How often GET /events sends a heartbeat to keep proxies from closing an idle stream (milliseconds). */
  @Transform(toInt)
  @IsInt()
  @Min(100)
  EVENTS_HEARTBEAT_MS = 15_000;
}

export class EnvironmentError extends Error {}

/** Validates the raw environment; throws one error listing every problem. */
export function validateEnvironment(raw: Record<string, unknown>): Environment {
  const env = plainToInstance(Environment, raw, { exposeDefaultValues: true });
  const problems = validateSync(env, { whitelist: false, forbidUnknownValues: false }).flatMap((error) => Object.values(error.constraints ?? {}));
  if (env.NODE_ENV === 'production') {
    for (const name of ['JWT_SECRET', 'ADMIN_EMAIL', 'ADMIN_PASSWORD'] as const) {
      if (!env[name]) problems.push(`${name} is required when NODE_ENV=production`);
    }
  }
  if (problems.length > 0) {
    throw new EnvironmentError(`Invalid configuration:\n  - ${problems.join('\n  - ')}`);
  }
  return env;
}
