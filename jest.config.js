/** @type {import('jest').Config} */
module.exports = {
  rootDir: '.',
  roots: ['<rootDir>/src', '<rootDir>/test'],
  moduleFileExtensions: ['ts', 'js', 'json'],
  testRegex: '\\.(spec|e2e-spec)\\.ts$',
  testEnvironment: 'node',
  setupFiles: ['reflect-metadata'],
  transform: {
    '^.+\\.ts$': [
      'ts-jest',
      {
        tsconfig: '<rootDir>/tsconfig.spec.json',
        // The same OpenAPI plugin as `nest build`, so the e2e layer checks the real document.
        astTransformers: { before: ['<rootDir>/test/swagger-plugin.transformer.js'] },
        diagnostics: false,
      },
    ],
  },
  // One embedded PostgreSQL per run, a migrated template, one database per test file.
  globalSetup: '<rootDir>/test/global-setup.mjs',
  globalTeardown: '<rootDir>/test/global-teardown.mjs',
  testTimeout: 60000,
  reporters: ['default', '<rootDir>/test/summary-reporter.js'],
  maxWorkers: process.env.JEST_MAX_WORKERS ?? 2,
};
