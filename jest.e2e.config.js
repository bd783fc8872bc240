// End-to-end tests: the whole stack as real processes (built from dist), driven over HTTP.
module.exports = {
  ...require('./jest.preset'),
  displayName: 'e2e',
  testMatch: ['<rootDir>/test/e2e/**/*.e2e-spec.ts'],
  globalSetup: '<rootDir>/test/setup/e2e-global-setup.ts',
  testSequencer: '<rootDir>/test/setup/e2e-sequencer.js',
  testTimeout: 180_000,
  // Two suites at once on two cores: a suite spends much of its time starting its stack and waiting
  // on the bus and the database, and every suite has its own database, bus and ports.
  maxWorkers: 2,
};
