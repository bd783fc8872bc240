import { restartDecision, runStep, Supervisor } from './processes';

// Real child processes (`node -e`), no servers: these stay unit tests.
const node = process.execPath;

describe(restartDecision.name, () => {
  const minute = 60_000;

  it('backs off 1 s, 2 s, 4 s, 8 s, 16 s within a minute, then gives up', () => {
    const now = 10 * minute;
    const delays: number[] = [];
    const history: number[] = [];
    for (;;) {
      const decision = restartDecision(history, now);
      if (!decision.restart) break;
      delays.push(decision.delayMs);
      history.push(now);
    }
    expect(delays).toEqual([1000, 2000, 4000, 8000, 16_000]);
  });

  it('forgets restarts older than the window', () => {
    const now = 10 * minute;
    const old = Array.from({ length: 5 }, () => now - minute - 1);
    expect(restartDecision(old, now)).toEqual({ restart: true, recent: 0, attempt: 1, delayMs: 1000 });
  });
});

describe(runStep.name, () => {
  it('reports the exit code and passes lines to onLine', async () => {
    const lines: string[] = [];
    const result = await runStep(node, ['-e', 'console.log("a"); console.error("b"); process.exit(3)'], {
      onLine: (line) => lines.push(line),
    });
    expect(result.code).toBe(3);
    expect(lines.sort()).toEqual(['a', 'b']);
  });

  it('resolves with code 127 for a command that does not exist', async () => {
    const result = await runStep('/nonexistent/command', []);
    expect(result.code).toBe(127);
  });
});

describe(Supervisor.name, () => {
  function setup() {
    const events: string[] = [];
    const gaveUp: string[] = [];
    const sut = new Supervisor({
      services: [{ name: 'crasher', command: node, args: ['-e', 'console.log("up"); process.exit(1)'] }],
      onLine: (service, line) => events.push(`${service}: ${line}`),
      log: (message) => events.push(message),
      onGiveUp: (service) => gaveUp.push(service),
      policy: { maxRestarts: 2, baseDelayMs: 10 },
    });
    return { sut, mocks: { events, gaveUp } };
  }

  async function until(condition: () => boolean, deadlineMs = 10_000) {
    const deadline = Date.now() + deadlineMs;
    while (!condition()) {
      if (Date.now() > deadline) throw new Error('condition not met before the deadline');
      await new Promise((r) => setTimeout(r, 20));
    }
  }

  it('restarts a crashing service within its budget, then gives up', async () => {
    const { sut, mocks } = setup();
    sut.start();
    await until(() => mocks.gaveUp.length > 0);
    expect(mocks.gaveUp).toEqual(['crasher']);
    expect(mocks.events.filter((e) => e === 'crasher: up')).toHaveLength(3);
    await sut.stop();
  });

  it('stops a running service without restarting it', async () => {
    const events: string[] = [];
    const sut = new Supervisor({
      services: [{ name: 'idle', command: node, args: ['-e', 'console.log("up"); setInterval(() => {}, 1000)'] }],
      onLine: (_service, line) => events.push(line),
      log: (message) => events.push(message),
    });
    sut.start();
    await until(() => events.includes('up'));
    await sut.stop(2000);
    expect(sut.stopping).toBe(true);
    expect(events.some((e) => e.includes('unexpectedly'))).toBe(false);
  });

  it('stops the bus only after the services that publish on it have exited', async () => {
    const events: string[] = [];
    // Each child says when it got SIGTERM; the service takes a moment to finish, as a draining one does.
    const child = (name: string, lingerMs: number) =>
      `process.on('SIGTERM', () => { console.log('${name} got SIGTERM'); setTimeout(() => { console.log('${name} exits'); process.exit(0); }, ${lingerMs}); }); console.log('${name} up'); setInterval(() => {}, 1000)`;
    const sut = new Supervisor({
      services: [
        { name: 'bus', command: node, args: ['-e', child('bus', 0)], stopLast: true },
        { name: 'service', command: node, args: ['-e', child('service', 300)] },
      ],
      onLine: (_service, line) => events.push(line),
      log: (message) => events.push(message),
    });
    sut.start();
    await until(() => events.includes('bus up') && events.includes('service up'));
    await sut.stop(5000);
    const lines = events.filter((e) => / (got SIGTERM|exits)$/.test(e));
    expect(lines).toEqual(['service got SIGTERM', 'service exits', 'bus got SIGTERM', 'bus exits']);
  });
});
