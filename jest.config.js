// Jest projects, one per test tier (unit, integration, infra, e2e; stress only on request). TypeScript and middy's
// ESM-only packages are transformed by swc so Jest can load them without experimental VM modules.
const shared = {
  transform: { '^.+\\.(t|j|mj)sx?$': ['@swc/jest', { jsc: { target: 'es2023' }, module: { type: 'commonjs' } }] },
  transformIgnorePatterns: ['node_modules/(?!(@middy)/)'],
  moduleNameMapper: { '^@middy/([a-z-]+)$': '<rootDir>/node_modules/@middy/$1/index.js' },
  moduleFileExtensions: ['ts', 'js', 'mjs', 'json'],
  testEnvironment: 'node',
};

/**
 * Generous per-test limit (tests wait on real processes): TEST_TIMEOUT_SECONDS sets it, TEST_TIMEOUT_SCALE
 * multiplies it and every limit in test/support/timeouts.ts, for heavily shared machines.
 */
const testTimeout = Number(process.env.TEST_TIMEOUT_SECONDS || 60) * 1000 * Number(process.env.TEST_TIMEOUT_SCALE || 1);

/** @type {import('jest').Config} */
export default {
  // jest-circus applies only a global timeout (a per-project testTimeout is ignored).
  testTimeout,
  projects: [
    {
      ...shared,
      displayName: 'unit',
      testMatch: ['<rootDir>/test/unit/**/*.test.ts'],
      setupFiles: ['<rootDir>/test/support/quiet-logs.ts'],
    },
    {
      ...shared,
      displayName: 'integration',
      testMatch: ['<rootDir>/test/integration/**/*.test.ts'],
      setupFiles: ['<rootDir>/test/support/quiet-logs.ts'],
      globalSetup: '<rootDir>/test/support/global-setup.ts',
      globalTeardown: '<rootDir>/test/support/global-teardown.ts',
    },
    { ...shared, displayName: 'infra', testMatch: ['<rootDir>/test/infra/**/*.test.ts'] },
    {
      ...shared,
      displayName: 'e2e',
      testMatch: ['<rootDir>/test/e2e/**/*.test.ts'],
      // Each e2e file runs the real `npm start` process (test/support/running-stack.ts) against the one
      // DynamoDB Local this globalSetup starts for the run, with tables of its own.
      globalSetup: '<rootDir>/test/support/global-setup.ts',
      globalTeardown: '<rootDir>/test/support/global-teardown.ts',
    },
    {
      ...shared,
      // Load against `npm start` (autocannon, 30 s): run by `npm run test:stress`, not by `npm test`.
      displayName: 'stress',
      testMatch: ['<rootDir>/test/stress/**/*.test.ts'],
      globalSetup: '<rootDir>/test/support/global-setup.ts',
      globalTeardown: '<rootDir>/test/support/global-teardown.ts',
    },
  ],
};
