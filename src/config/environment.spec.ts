import { validateEnvironment } from './environment';

describe('validateEnvironment', () => {
  it('applies development defaults', () => {
    const env = validateEnvironment({});
    expect(env).toMatchObject({ NODE_ENV: 'development', PORT: 3000, DATA_DIR: '.data', DATABASE_POOL_SIZE: 10 });
    expect(env.DATABASE_URL).toBeUndefined();
    expect(env.JWT_SECRET).toBeUndefined();
  });

  it('reads numbers from strings and treats empty strings as unset', () => {
    const env = validateEnvironment({ PORT: '8080', DATABASE_URL: '', LOGIN_RATE_LIMIT: '3' });
    expect(env.PORT).toBe(8080);
    expect(env.DATABASE_URL).toBeUndefined();
    expect(env.LOGIN_RATE_LIMIT).toBe(3);
  });

  it('lists every problem at once', () => {
    const problem = (() => {
      try {
        validateEnvironment({ PORT: 'eighty', NODE_ENV: 'staging', LOG_LEVEL: 'loud' });
      } catch (error) {
        return (error as Error).message;
      }
      return '';
    })();
    expect(problem).toContain('PORT must be an integer number');
    expect(problem).toContain('NODE_ENV must be one of the following values: development, production, test');
    expect(problem).toContain('LOG_LEVEL must be one of the following values');
  });

  it('refuses production without JWT_SECRET, ADMIN_EMAIL and ADMIN_PASSWORD', () => {
    expect(() => validateEnvironment({ NODE_ENV: 'production' })).toThrow(
      /JWT_SECRET is required when NODE_ENV=production[\s\S]*ADMIN_EMAIL is required[\s\S]*ADMIN_PASSWORD is required/,
    );
  });

  it('accepts production with its secrets', () => {
    const env = validateEnvironment({
      NODE_ENV: 'production',
      JWT_SECRET: 'x'.repeat(32),
      ADMIN_EMAIL: 'ops@brand.example',
      ADMIN_PASSWORD: 'a-long-password',
    });
    expect(env.NODE_ENV).toBe('production');
  });

  it('refuses a short JWT secret', () => {
    expect(() => validateEnvironment({ JWT_SECRET: 'short' })).toThrow('JWT_SECRET must be at least 32 characters');
  });
});
