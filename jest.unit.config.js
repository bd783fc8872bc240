// Unit tests: no servers. Fakes of Postgres or NATS are allowed here only, and named so.
module.exports = {
  ...require('./jest.preset'),
  displayName: 'unit',
  testMatch: ['<rootDir>/{apps,libs,tools,bench}/**/*.spec.ts'],
};
