import { registerAs } from '@nestjs/config';
import { resolve } from 'node:path';
import { DEVELOPMENT_DEFAULTS, validateEnvironment } from './environment';

// process.env is read here and nowhere else; each namespace is validated at boot.
export const loadEnvironment = () => validateEnvironment(process.env);
const env = loadEnvironment;

export const appConfig = registerAs('app', () => {
  const e = env();
  return {
    nodeEnv: e.NODE_ENV,
    port: e.PORT,
    host: e.HOST,
    logLevel: e.LOG_LEVEL ?? (e.NODE_ENV === 'test' ? 'silent' : 'info'),
    corsOrigins: e.CORS_ORIGINS.split(',')
      .map((origin) => origin.trim())
      .filter(Boolean),
    jsonBodyLimit: e.JSON_BODY_LIMIT,
    trustProxy: e.TRUST_PROXY,
    dataDir: resolve(e.DATA_DIR),
    businessTimeZone: e.BUSINESS_TIMEZONE,
  };
});

export const databaseConfig = registerAs('database', () => {
  const e = env();
  return {
    dataDir: resolve(e.DATA_DIR),
    poolSize: e.DATABASE_POOL_SIZE,
  };
});

export const authConfig = registerAs('auth', () => {
  const e = env();
  return {
    jwtSecret: e.JWT_SECRET ?? DEVELOPMENT_DEFAULTS.JWT_SECRET,
    jwtTtlSeconds: e.JWT_TTL_SECONDS,
    adminEmail: (e.ADMIN_EMAIL ?? DEVELOPMENT_DEFAULTS.ADMIN_EMAIL).toLowerCase(),
    adminPassword: e.ADMIN_PASSWORD ?? DEVELOPMENT_DEFAULTS.ADMIN_PASSWORD,
    usingDevelopmentDefaults: {
      jwtSecret: e.JWT_SECRET === undefined,
      adminEmail: e.ADMIN_EMAIL === undefined,
      adminPassword: e.ADMIN_PASSWORD === undefined,
    },
    loginRateLimit: e.LOGIN_RATE_LIMIT,
    loginRateWindowSeconds: e.LOGIN_RATE_WINDOW_SECONDS,
  };
});

export const eventsConfig = registerAs('events', () => ({
  heartbeatMs: env().EVENTS_HEARTBEAT_MS,
}));

export const schedulerConfig = registerAs('scheduler', () => {
  const e = env();
  return { enabled: e.SCHEDULER_ENABLED ?? e.NODE_ENV !== 'test' };
});

export const importConfig = registerAs('import', () => ({
  maxUploadBytes: env().IMPORT_MAX_BYTES,
  maxPhotoBytes: env().PHOTO_MAX_BYTES,
}));

/** What the command-line tools (src/cli) need: where the service is and how to log in. */
export function cliSettings(): { baseUrl: string; adminEmail: string; adminPassword: string } {
  const e = env();
  return {
    baseUrl: (process.env.BASE_URL ?? `http://localhost:${e.PORT}`).replace(/\/$/, ''),
    adminEmail: e.ADMIN_EMAIL ?? DEVELOPMENT_DEFAULTS.ADMIN_EMAIL,
    adminPassword: e.ADMIN_PASSWORD ?? DEVELOPMENT_DEFAULTS.ADMIN_PASSWORD,
  };
}

export const CONFIG_NAMESPACES = [appConfig, databaseConfig, authConfig, importConfig, eventsConfig, schedulerConfig];
