/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  transform: {
    '^.+\\.ts$': ['@swc/jest', {
      jsc: {
        parser: { syntax: 'typescript', decorators: true },
        transform: { legacyDecorator: true, decoratorMetadata: true },
        target: 'es2022',
      },
      module: { type: 'commonjs' },
    }],
  },
  moduleNameMapper: {
    '^strata-orm$': '<rootDir>/src/index.ts',
    '^strata-orm/testing$': '<rootDir>/src/testing/index.ts',
  },
  testTimeout: 60000,
  // The fresh-project tests (test/fresh) pack the package once per run and share the installs.
  globalSetup: '<rootDir>/test/helpers/fresh-setup.js',
  globalTeardown: '<rootDir>/test/helpers/fresh-teardown.js',
  watchman: false,
};
