#!/usr/bin/env node
/**
 * What nats.js's async traces cost: by default the client captures a stack trace (an Error) for
 * every request and every JetStream publish, only to append it to a failure's stack. The bus
 * options turn them off (`noAsyncTraces`, libs/bus); this measures the client's CPU per operation
 * both ways on a private nats-server secured as the stack runs it, eight in flight, interleaved in
 * rounds so load drifts hit both alike.
 *   node bench/nats-async-traces.js [operations-per-round=20000] [rounds=3]   (build first: npm run build)
 */
const { connect } = require('nats');
const { lib, testing } = require('./lib/project');
const { echoResponder } = require('./lib/echo-responder');

const IN_FLIGHT = 8;
const PAYLOAD = Buffer.alloc(300, 'x');

/** Client CPU (user + system) per operation in µs, and operations per second, for n operations. */
async function timed(n, operation) {
  const cpu = process.cpuUsage();
  const started = process.hrtime.bigint();
  await Promise.all(
    Array.from({ length: IN_FLIGHT }, async () => {
      for (let i = 0; i < n / IN_FLIGHT; i++) await operation();
    }),
  );
  const used = process.cpuUsage(cpu);
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  return { cpuMicros: (used.user + used.system) / n, perSecond: n / seconds };
}

async function measure(nats, n, noAsyncTraces) {
  const { RPC, subjectFor } = lib('contracts');
  // As in the stack: auth-service asks user-service; user-service's outbox publishes its events.
  const requester = await connect(nats.connectOptions('auth-service', { noAsyncTraces }));
  const publisher = await connect(nats.connectOptions('user-service', { noAsyncTraces }));
  try {
    const js = publisher.jetstream();
    const subject = subjectFor('LoginFailed');
    const request = () => requester.request(RPC.user.verifyCredentials, PAYLOAD, { timeout: 5000 });
    for (let i = 0; i < 1000; i++) await request(); // warm-up
    return { request: await timed(n, request), publish: await timed(n, () => js.publish(subject, PAYLOAD)) };
  } finally {
    await Promise.all([requester.close(), publisher.close()]);
  }
}

async function main() {
  const n = Number(process.argv[2] ?? 20_000);
  const rounds = Number(process.argv[3] ?? 3);
  const { ensureStreams } = lib('messaging');
  const nats = await testing().PrivateNats.start();
  const results = { traces: [], 'no traces': [] };
  try {
    await echoResponder(nats);
    const setup = await connect(nats.connectOptions('audit-service'));
    await ensureStreams(await setup.jetstreamManager());
    await setup.close();
    for (let r = 0; r < rounds; r++) {
      results.traces.push(await measure(nats, n, false));
      results['no traces'].push(await measure(nats, n, true));
    }
  } finally {
    await nats.stop();
  }
  const median = (xs) => xs.slice().sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  console.log(`nats.js async traces: ${n} requests and ${n} JetStream publishes per round, ${IN_FLIGHT} in flight, ${rounds} rounds, medians`);
  for (const kind of ['request', 'publish']) {
    for (const label of Object.keys(results)) {
      const pick = (k) => median(results[label].map((x) => x[kind][k]));
      console.log(`${kind.padEnd(8)} ${label.padEnd(10)} ${pick('cpuMicros').toFixed(1)} µs client CPU each  ${pick('perSecond').toFixed(0)}/s`);
    }
  }
  process.exit(0);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
