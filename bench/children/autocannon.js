/**
 * Load generator, run as its own process so it never shares an event loop with what it measures.
 * Reads one JSON job from argv, drives autocannon and prints one JSON line: every response's latency
 * (bounded by the job's duration or amount), status counts and the wall time.
 */
const autocannon = require('autocannon');

const job = JSON.parse(process.argv[2]);
// Several bodies (e.g. one account per connection): each request takes the next one in turn.
let next = 0;
const requests = job.bodies ? [{ setupRequest: (req) => ({ ...req, body: job.bodies[next++ % job.bodies.length] }) }] : undefined;
const latencies = [];
const statuses = {};
const started = process.hrtime.bigint();

const instance = autocannon({
  url: job.url,
  method: job.method ?? 'GET',
  headers: job.headers ?? {},
  body: job.body,
  requests,
  connections: job.connections,
  // Bounded by a duration or by a count: autocannon refuses a duration given as undefined.
  ...(job.amount === undefined ? { duration: job.durationSec } : { amount: job.amount }),
  overallRate: job.overallRate,
  timeout: job.timeoutSec ?? 10,
  // Each connection keeps one request in flight: the figures then read as sequential users.
  pipelining: 1,
});

instance.on('response', (_client, statusCode, _bytes, responseTimeMs) => {
  statuses[statusCode] = (statuses[statusCode] ?? 0) + 1;
  if (statusCode >= 200 && statusCode < 300) latencies.push(responseTimeMs);
});

instance.on('done', (result) => {
  const elapsedMs = Number(process.hrtime.bigint() - started) / 1e6;
  process.stdout.write(`${JSON.stringify({ latencies, statuses, errors: result.errors, timeouts: result.timeouts, elapsedMs })}\n`);
});
