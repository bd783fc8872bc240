import { parseArgs, REPLAYABLE } from './replay';

describe('npm run replay arguments', () => {
  it('replays every service with a database, in the stack order, after a build, by default', () => {
    expect(parseArgs([])).toEqual({ build: true, help: false, services: ['auth-service', 'user-service', 'audit-service', 'rotation-service'] });
    expect(REPLAYABLE).not.toContain('api-gateway');
  });

  it('replays only the services named, and skips the build on --no-build', () => {
    expect(parseArgs(['--no-build', 'user-service', 'audit-service'])).toEqual({ build: false, help: false, services: ['user-service', 'audit-service'] });
  });

  it('refuses api-gateway (no database: its main.js would start serving) and unknown words', () => {
    expect(() => parseArgs(['api-gateway'])).toThrow(/Unknown option or service api-gateway/);
    expect(() => parseArgs(['--fast'])).toThrow(/Unknown option or service --fast/);
  });
});
