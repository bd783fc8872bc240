/**
 * HTTP load from a separate process (bench/children/autocannon.js) on loopback, bounded by a
 * duration or a request count. Returns throughput of successful answers and their latency spread.
 */
const { spawn } = require('node:child_process');
const { join } = require('node:path');
const { summarize } = require('./stats');

const CHILD = join(__dirname, '..', 'children', 'autocannon.js');

/**
 * job: { url, method?, headers?, body? | bodies?, connections, durationSec? | amount?, overallRate? }.
 * Resolves { okPerSecond, latency: summarize(ms), statuses, errors, timeouts, elapsedMs }.
 */
function runLoad(job) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CHILD, JSON.stringify(job)], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (c) => (out += c));
    child.stderr.on('data', (c) => (err += c));
    // A stuck load generator must not hang the run: its own bound plus a margin.
    const limitMs = ((job.durationSec ?? 60) + 30) * 1000;
    const timer = setTimeout(() => child.kill('SIGKILL'), limitMs);
    child.once('exit', (code) => {
      clearTimeout(timer);
      const line = out.trim().split('\n').pop();
      if (code !== 0 || !line) return reject(new Error(`load generator failed (exit ${code}): ${err.slice(-500)}`));
      const raw = JSON.parse(line);
      const ok = raw.latencies.length;
      resolve({
        okPerSecond: ok / (raw.elapsedMs / 1000),
        ok,
        latency: summarize(raw.latencies),
        statuses: raw.statuses,
        errors: raw.errors,
        timeouts: raw.timeouts,
        elapsedMs: raw.elapsedMs,
      });
    });
  });
}

/** A short description of a load result for the details of the results file. */
function loadDetails(result) {
  const { latency } = result;
  return {
    ok_per_second: round(result.okPerSecond),
    ok: result.ok,
    statuses: result.statuses,
    errors: result.errors,
    timeouts: result.timeouts,
    latency_ms: { p50: latency.p50, p95: latency.p95, p99: latency.p99, max: latency.max },
  };
}

function round(n) {
  return Math.round(n * 10) / 10;
}

module.exports = { runLoad, loadDetails };
