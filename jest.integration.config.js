// Integration tests: real Postgres and real NATS JetStream, resolved once by globalSetup
// (testcontainers where a Docker engine exists, else DATABASE_URL / NATS_URL, else local defaults).
module.exports = {
  ...require('./jest.preset'),
  displayName: 'integration',
  testMatch: ['<rootDir>/{apps,libs}/**/*.integration-spec.ts'],
  globalSetup: '<rootDir>/test/setup/integration-global-setup.ts',
  globalTeardown: '<rootDir>/test/setup/integration-global-teardown.ts',
  testTimeout: 60_000,
  maxWorkers: 1,
};
