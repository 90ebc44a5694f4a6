// Jest projects, one per test tier (unit, integration, infra, e2e; stress only on request). TypeScript and middy's
// ESM-only packages are transformed by swc so Jest can load them without experimental VM modules.
const shared = {
  transform: { '^.+\\.(t|j|mj)sx?$': ['@swc/jest', { jsc: { target: 'es2023' }, module: { type: 'commonjs' } }] },
  transformIgnorePatterns: ['node_modules/(?!(@middy)/)'],
  moduleNameMapper: { '^@middy/([a-z-]+)$': '<rootDir>/node_modules/@middy/$1/index.js' },
  moduleFileExtensions: ['ts', 'js', 'mjs', 'json'],
  testEnvironment: 'node',
};

/** @type {import('jest').Config} */
export default {
  // jest-circus applies only a global timeout: the e2e files start a real `npm start` stack.
  testTimeout: 30_000,
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
      // Each e2e file runs the real `npm start` process (test/support/running-stack.ts).
      testTimeout: 30_000,
    },
    {
      ...shared,
      // Load against `npm start` (autocannon, 30 s): run by `npm run test:stress`, not by `npm test`.
      displayName: 'stress',
      testMatch: ['<rootDir>/test/stress/**/*.test.ts'],
      // Documents the bound; jest-circus applies only a global testTimeout, so the file sets it too.
      testTimeout: 120_000,
    },
  ],
};
