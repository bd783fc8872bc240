// End-to-end tests: the whole stack as real processes (built from dist), driven over HTTP.
module.exports = {
  ...require('./jest.preset'),
  displayName: 'e2e',
  testMatch: ['<rootDir>/test/e2e/**/*.e2e-spec.ts'],
  globalSetup: '<rootDir>/test/setup/e2e-global-setup.ts',
  testTimeout: 180_000,
  maxWorkers: 1,
};
