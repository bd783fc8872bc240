/**
 * Micro-benchmark: what signing and verifying costs per event, in one process on one core, with
 * node:crypto Ed25519 (the code paths the services run, from dist/):
 * - sign:   what the outbox relay adds per event (SHA-256 of the payload + Ed25519 sign + 3 headers);
 * - verify: what every consumer adds per event before its handler (EventAuthenticator: digest,
 *           Ed25519 verify, ownership, JSON parse and envelope match) minus a bare JSON.parse, which
 *           consumers did before too; raw Ed25519 sign/verify shown for reference.
 * Usage: npm run build && node bench/event-signing.js [seconds per figure, default 2]
 */
const { randomBytes, randomUUID, sign, verify, generateKeyPairSync } = require('node:crypto');
const { lib } = require('./lib/project');

const seconds = Number(process.argv[2] ?? 2);
const { createEvent, subjectFor } = lib('contracts');
const { EventAuthenticator, signEventHeaders, newHeaders } = lib('messaging');
const { generateBusKeys, parsePinnedPublicKeys, busSigningKeyName, MessageSigner, MessageVerifier } = lib('security');
const { ed25519KeyFromSecret } = lib('audit-chain');
const { createLogger } = lib('telemetry');

const env = generateBusKeys();
const signer = new MessageSigner('user-service', ed25519KeyFromSecret(env[busSigningKeyName('user-service')]));
const authenticator = new EventAuthenticator(new MessageVerifier(parsePinnedPublicKeys(env.BUS_PUBLIC_KEYS)), createLogger('bench', 'silent'));
const subject = subjectFor('LoginFailed');

function envelope() {
  return createEvent({
    type: 'LoginFailed',
    actor: { type: 'user', id: randomUUID() },
    subject: { type: 'user', id: randomUUID() },
    outcome: 'failure',
    source: { service: 'user-service', ip: '203.0.113.7', user_agent: 'Mozilla/5.0 (X11; Linux x86_64) bench' },
    trace: { trace_id: randomBytes(16).toString('hex'), span_id: randomBytes(8).toString('hex') },
    data: { reason: 'wrong_password', failed_attempts: 3 },
  });
}

// A pool of distinct, already signed messages, so neither figure measures a cache.
const POOL = 2000;
const messages = Array.from({ length: POOL }, () => {
  const event = envelope();
  const data = Buffer.from(JSON.stringify(event));
  const headers = newHeaders();
  headers.set('Nats-Msg-Id', event.id);
  signEventHeaders(signer, subject, event.id, data, headers);
  return { subject, data, headers, id: event.id };
});

function measure(name, op) {
  for (let i = 0; i < 2000; i++) op(i); // warm-up
  let n = 0;
  const deadline = process.hrtime.bigint() + BigInt(Math.round(seconds * 1e9));
  const started = process.hrtime.bigint();
  const cpu = process.cpuUsage();
  let now = started;
  while (now < deadline) {
    for (let k = 0; k < 200; k++) op(n++);
    now = process.hrtime.bigint();
  }
  // CPU time as well as wall time: on a shared, loaded machine the wall clock counts other processes' turns.
  const used = process.cpuUsage(cpu);
  const cpuSeconds = (used.user + used.system) / 1e6;
  const s = Number(now - started) / 1e9;
  const round = (x) => Math.round(x * 10) / 10;
  return {
    name,
    ops: n,
    opsPerSecond: Math.round(n / s),
    microsPerOp: round((s / n) * 1e6),
    cpuMicrosPerOp: round((cpuSeconds / n) * 1e6),
    opsPerCpuSecond: Math.round(n / cpuSeconds),
  };
}

const raw = generateKeyPairSync('ed25519');
const rawMessage = randomBytes(120);
const rawSignature = sign(null, rawMessage, raw.privateKey);
const results = [
  measure('sign per event (relay: digest + Ed25519 sign + headers)', (i) => {
    const m = messages[i % POOL];
    signEventHeaders(signer, m.subject, m.id, m.data, newHeaders());
  }),
  measure('authenticate per event (consumer: digest + verify + owner + parse)', (i) => {
    if (!authenticator.authenticate(messages[i % POOL]).ok) throw new Error('a genuine message was refused');
  }),
  measure('bare JSON.parse per event (what consumers did before)', (i) => JSON.parse(messages[i % POOL].data.toString('utf8'))),
  measure('raw Ed25519 sign (node:crypto, 120 bytes)', () => sign(null, rawMessage, raw.privateKey)),
  measure('raw Ed25519 verify (node:crypto, 120 bytes)', () => verify(null, rawMessage, raw.publicKey, rawSignature)),
];
console.log(
  `node ${process.version}, ${seconds} s per figure, payload ${messages[0].data.length} bytes, load average ${require('node:os').loadavg()[0].toFixed(1)} on ${require('node:os').cpus().length} cores`,
);
console.log(`${'figure'.padEnd(70)} ${'wall ops/s'.padStart(10)} ${'wall µs'.padStart(8)} ${'CPU ops/s'.padStart(10)} ${'CPU µs'.padStart(8)}`);
for (const r of results)
  console.log(
    `${r.name.padEnd(70)} ${String(r.opsPerSecond).padStart(10)} ${String(r.microsPerOp).padStart(8)} ${String(r.opsPerCpuSecond).padStart(10)} ${String(r.cpuMicrosPerOp).padStart(8)}`,
  );
const added = (r) => Math.round((r.cpuMicrosPerOp - results[2].cpuMicrosPerOp) * 10) / 10;
console.log(
  `CPU added per event: sign ${results[0].cpuMicrosPerOp} µs (relay), verify ${added(results[1])} µs (each consumer, beyond the JSON.parse it did before)`,
);
