#!/usr/bin/env node
/**
 * What securing the bus costs per message: request/reply round trips (the gateway calling a
 * service) and JetStream publishes with their acknowledgement (the outbox relay), on a private
 * nats-server secured as the stack runs it (TLS, nkey per identity, permissions) and on a plaintext,
 * anonymous one, same machine, same run, interleaved in rounds so load drifts hit both alike.
 *   node bench/bus-cost.js [requests-per-round=2000] [rounds=3]   (build first: npm run build)
 */
const { connect } = require('nats');
const { lib, testing } = require('./lib/project');
const { echoResponder } = require('./lib/echo-responder');

const PAYLOAD = JSON.stringify({
  meta: { actor: { type: 'user', id: '0190f0c4-8d2a-7c1e-9e55-3f1c2a9b7d10' }, request_id: '0190f0c4-8d2a-7c1e-9e55-3f1c2a9b7d11' },
  data: { email: 'someone@example.com', password: 'x'.repeat(24) },
});

function percentile(sorted, p) {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

async function measure(nats, n) {
  const { RPC, subjectFor } = lib('contracts');
  const { ensureStreams } = lib('messaging');
  const service = await connect(nats.connectOptions('user-service'));
  const responder = await echoResponder(nats);
  const setup = await connect(nats.connectOptions('audit-service'));
  try {
    await ensureStreams(await setup.jetstreamManager());
    const auth = await connect(nats.connectOptions('auth-service'));
    const rtt = [];
    for (let i = 0; i < 200; i++) await auth.request(RPC.user.verifyCredentials, PAYLOAD, { timeout: 5000 }); // warm-up
    const t0 = process.hrtime.bigint();
    for (let i = 0; i < n; i++) {
      const s = process.hrtime.bigint();
      await auth.request(RPC.user.verifyCredentials, PAYLOAD, { timeout: 5000 });
      rtt.push(Number(process.hrtime.bigint() - s) / 1e6);
    }
    const rpcSeconds = Number(process.hrtime.bigint() - t0) / 1e9;
    await auth.close();
    const js = service.jetstream();
    const subject = subjectFor('LoginFailed');
    const pub = [];
    const p0 = process.hrtime.bigint();
    for (let i = 0; i < n; i++) {
      const s = process.hrtime.bigint();
      await js.publish(subject, PAYLOAD);
      pub.push(Number(process.hrtime.bigint() - s) / 1e6);
    }
    const pubSeconds = Number(process.hrtime.bigint() - p0) / 1e9;
    rtt.sort((a, b) => a - b);
    pub.sort((a, b) => a - b);
    return {
      rpc: { p50: percentile(rtt, 50), p99: percentile(rtt, 99), perSecond: n / rpcSeconds },
      publish: { p50: percentile(pub, 50), p99: percentile(pub, 99), perSecond: n / pubSeconds },
    };
  } finally {
    await Promise.all([service.close(), responder.close(), setup.close()]);
  }
}

async function main() {
  const n = Number(process.argv[2] ?? 2000);
  const rounds = Number(process.argv[3] ?? 3);
  const { PrivateNats } = testing();
  const secured = await PrivateNats.start();
  const plaintext = await PrivateNats.start({ plaintext: true });
  const results = { secured: [], plaintext: [] };
  try {
    for (let r = 0; r < rounds; r++) {
      results.plaintext.push(await measure(plaintext, n));
      results.secured.push(await measure(secured, n));
    }
  } finally {
    await Promise.all([secured.stop(), plaintext.stop()]);
  }
  const median = (xs) => xs.slice().sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  const row = (label, kind) => {
    const pick = (k) => median(results[label].map((x) => x[kind][k]));
    return `${label.padEnd(10)} ${kind.padEnd(8)} p50 ${pick('p50').toFixed(3)} ms  p99 ${pick('p99').toFixed(3)} ms  ${pick('perSecond').toFixed(0)}/s (one in flight)`;
  };
  console.log(`bus cost: ${n} requests and ${n} JetStream publishes per round, ${rounds} rounds, medians of the rounds`);
  for (const kind of ['rpc', 'publish']) for (const label of ['plaintext', 'secured']) console.log(row(label, kind));
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
