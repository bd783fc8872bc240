import { join } from 'node:path';
import { NATS_INSTALL_COMMAND, natsStartPlan, parseNatsUrl } from './preflight';

// Which nats-server the stack starts when none answers, decided by who runs it and whether the
// binary is installed.
describe('natsStartPlan', () => {
  const target = parseNatsUrl('nats://127.0.0.1:4222');

  it('as a normal user keeps the store, log and pid file in the clone, not in system folders', () => {
    const plan = natsStartPlan(target, { root: '/srv/tr4ction', asRoot: false });
    if ('missing' in plan) throw new Error(plan.missing);
    expect(plan.stateDir).toBe(join('/srv/tr4ction', '.data', 'nats-4222'));
    expect(plan.args).toEqual(expect.arrayContaining(['--pidfile', join('/srv/tr4ction', '.data', 'nats-server-4222.pid'), '-js']));
    expect(plan.display).not.toMatch(/\/var\/lib|\/run\//);
  });

  it('as root is the machine shared server in Debian folders', () => {
    const plan = natsStartPlan(target, { root: '/srv/tr4ction', asRoot: true });
    if ('missing' in plan) throw new Error(plan.missing);
    expect(plan.stateDir).toBe('/var/lib/nats-server');
  });

  it('without the binary: root installs it from the Debian packages, anyone else gets the one command', () => {
    const onlyStartStopDaemon = (command: string) => (command === 'start-stop-daemon' ? '/usr/sbin/start-stop-daemon' : undefined);
    const asRoot = natsStartPlan(target, { asRoot: true, resolve: onlyStartStopDaemon });
    expect('install' in asRoot && asRoot.install).toEqual(['apt-get', ['install', '-y', 'nats-server']]);
    expect(natsStartPlan(target, { asRoot: false, resolve: onlyStartStopDaemon })).toEqual({
      missing: 'nats-server is not installed',
      advice: [`sudo ${NATS_INSTALL_COMMAND}`],
    });
  });
});
