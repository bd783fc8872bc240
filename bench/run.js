#!/usr/bin/env node
/**
 * `npm run bench`: builds, starts the platform as real processes on a fresh database and a private
 * NATS (libs/testing ServiceStack), runs each benchmark, prints one table and writes
 * bench/results/<date>.json. BENCH_QUICK=1 or --quick: small sizes for a smoke run.
 * --only=login,auth-me runs a subset (the table then has only those rows).
 * BENCH_CPU_PROF=dir: every service writes a V8 CPU profile there when the stack stops
 * (read them with `node bench/cpu-top.js dir/<file>.cpuprofile`).
 */
const { execFileSync } = require('node:child_process');
const { mkdirSync, writeFileSync } = require('node:fs');
const { availableParallelism, cpus, loadavg, totalmem } = require('node:os');
const { join } = require('node:path');
const { ROOT, testing } = require('./lib/project');
const { sizes: pickSizes } = require('./lib/sizes');
const { renderTable } = require('./lib/table');
const { judge, combineRuns } = require('./lib/stats');
const { startChild } = require('./lib/child-process');
const { footprint } = require('./benchmarks/footprint');
const { login } = require('./benchmarks/login');
const { authMe } = require('./benchmarks/auth-me');
const { introspection } = require('./benchmarks/introspection');
const { mfaChallenge } = require('./benchmarks/mfa-challenge');
const { auditProjection } = require('./benchmarks/audit-projection');
const { auditQueries } = require('./benchmarks/audit-queries');
const { pointInTime } = require('./benchmarks/point-in-time');
const { cluster } = require('./benchmarks/cluster');

const BENCHMARKS = [
  ['footprint', footprint],
  ['login', login],
  ['auth-me', authMe],
  ['introspection', introspection],
  ['mfa-challenge', mfaChallenge],
  ['audit-projection', auditProjection],
  ['audit-queries', auditQueries],
  ['point-in-time', pointInTime],
  ['cluster', cluster],
];

/** What the bench configures on the stack, printed with the results so nobody mistakes it for defaults. */
const STACK_ENV = {
  // The gateway's per-address and per-account login limits would otherwise answer 429 within a second.
  RATE_LIMIT_AUTH_PER_IP: '100000000',
  RATE_LIMIT_AUTH_PER_ACCOUNT: '100000000',
  // Production's pool sizes, not the smaller ones the e2e stacks use.
  DATABASE_POOL_SIZE: '10',
  RATE_LIMIT_POOL_SIZE: '10',
  // Tracing on as a production samples it: a tenth of the traces, decided at the root, kept by every
  // hop, exported over OTLP to a receiver (children/otlp-sink.js; BENCH_TRACING=off for none).
  OTEL_TRACES_SAMPLER: 'parentbased_traceidratio',
  OTEL_TRACES_SAMPLER_ARG: '0.1',
};

/** The receiver the services export their sampled spans to, or none with BENCH_TRACING=off. */
async function startTraceSink() {
  if (process.env.BENCH_TRACING === 'off') return { env: {}, stop: async () => null };
  const sink = startChild(join(__dirname, 'children', 'otlp-sink.js'));
  const { port } = await sink.waitFor('READY', 30_000);
  return {
    env: { OTEL_EXPORTER_OTLP_ENDPOINT: `http://127.0.0.1:${port}` },
    stop: async () => {
      const received = sink.waitFor('RESULT', 10_000).catch(() => null);
      await sink.stop();
      return received;
    },
  };
}

function selected(argv) {
  const only = argv.find((a) => a.startsWith('--only='));
  if (!only) return BENCHMARKS;
  const names = only.slice('--only='.length).split(',');
  return BENCHMARKS.filter(([name]) => names.includes(name));
}

/** --runs=N or BENCH_RUNS=N: the whole selection N times, each on a fresh stack; the table shows the median and the spread. */
function runCount(argv) {
  const flag = argv.find((a) => a.startsWith('--runs='));
  const n = Number(flag ? flag.slice('--runs='.length) : (process.env.BENCH_RUNS ?? 1));
  return Number.isInteger(n) && n >= 1 ? n : 1;
}

/** One run: a fresh stack (database, private NATS, trace receiver), every selected benchmark, then stop. */
async function oneRun(sizes, label) {
  const { ServiceStack, STACK_SERVICES } = testing();
  console.log(`bench${label}: starting the stack (fresh database, private NATS)...`);
  const t0 = process.hrtime.bigint();
  // The profiler's preload joins the services' own NODE_OPTIONS (tools/runtime/allocator-env.json): same memory settings.
  const { NODE_OPTIONS: serviceNodeOptions = '' } = require('../tools/runtime/allocator-env.json');
  const profiling = process.env.BENCH_CPU_PROF
    ? { NODE_OPTIONS: `${serviceNodeOptions} --require ${join(__dirname, 'cpu-profile-preload.js')}`.trim(), BENCH_CPU_PROF: process.env.BENCH_CPU_PROF }
    : {};
  // BENCH_BUS=plaintext: the bus without TLS and credentials, to measure what securing it costs.
  const plaintextBus = process.env.BENCH_BUS === 'plaintext';
  if (plaintextBus) console.log('bench: PLAINTEXT, anonymous bus (BENCH_BUS=plaintext): for comparison only');
  const traces = await startTraceSink();
  const stack = await ServiceStack.start({ env: { ...STACK_ENV, ...traces.env, ...profiling }, plaintextBus });
  const startToReadyMs = Number(process.hrtime.bigint() - t0) / 1e6;
  const context = { stack, sizes, startToReadyMs, services: STACK_SERVICES, stackEnv: { ...STACK_ENV, ...traces.env } };

  const rows = [];
  const details = { load_average_at_start: loadavg() };
  try {
    for (const [name, run] of selected(process.argv)) {
      console.log(`bench${label}: ${name}...`);
      const benchStarted = Date.now();
      try {
        const result = await run(context);
        rows.push(...result.rows);
        details[name] = { ...result.details, seconds: Math.round((Date.now() - benchStarted) / 100) / 10 };
      } catch (err) {
        // One failing benchmark must not cost the others their figures: record it and go on.
        console.error(`bench: ${name} failed: ${err.stack ?? err}`);
        rows.push(judge({ benchmark: name, figure: 'FAILED (see details)', value: undefined, op: '>=', target: 0 }));
        details[name] = { error: String(err.message ?? err) };
      }
    }
  } finally {
    await stack.stop();
    details.traces_exported = await traces.stop();
  }
  return { rows, details, tracing: Boolean(traces.env.OTEL_EXPORTER_OTLP_ENDPOINT) };
}

async function main() {
  const sizes = pickSizes();
  const started = new Date();
  const runs = runCount(process.argv);
  const loadAtStart = loadavg();
  console.log(`bench (${sizes.mode}${runs > 1 ? `, ${runs} runs` : ''}): building...`);
  (process.env.BENCH_NO_BUILD ? () => undefined : execFileSync)('npm', ['run', '--silent', 'build'], { cwd: ROOT, stdio: 'inherit' });

  const results = [];
  for (let i = 0; i < runs; i++) results.push(await oneRun(sizes, runs > 1 ? ` (run ${i + 1}/${runs})` : ''));
  const rows = combineRuns(results.map((r) => r.rows));
  const details = runs === 1 ? results[0].details : { runs: results.map((r) => r.details) };
  const tracing = results[0].tracing;

  const table = renderTable(rows);
  console.log(
    `\nTR4CTION bench, ${sizes.mode} run${runs > 1 ? ` x${runs} (median of the runs; spread = min - max)` : ''}, ${started.toISOString()} (${availableParallelism()} cores, load average at start ${loadAtStart[0].toFixed(2)})`,
  );
  console.log(
    `configured for the run: ${Object.entries(STACK_ENV)
      .map(([k, v]) => `${k}=${v}`)
      .join(', ')} (login rate limits out of the way; traces ${tracing ? 'exported over OTLP' : 'OFF (BENCH_TRACING=off)'}); Better Auth rate limiter off\n`,
  );
  console.log(table);
  const report = {
    date: started.toISOString(),
    mode: sizes.mode,
    machine: {
      cpus: availableParallelism(),
      cpu_model: cpus()[0]?.model,
      total_memory_mb: Math.round(totalmem() / 2 ** 20),
      load_average_at_start: loadAtStart,
      node: process.version,
    },
    configured: {
      stack_env: STACK_ENV,
      tracing: tracing ? 'parentbased_traceidratio 0.1, OTLP/HTTP to a receiver' : 'off',
      bus: process.env.BENCH_BUS === 'plaintext' ? 'plaintext, anonymous' : 'TLS, nkey per service, permissions',
      better_auth: { rateLimit: { enabled: false } },
    },
    sizes,
    runs,
    rows,
    details,
    duration_seconds: Math.round((Date.now() - started.getTime()) / 1000),
  };
  const dir = join(__dirname, 'results');
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `${started.toISOString().replace(/[:.]/g, '-')}${sizes.mode === 'quick' ? '-quick' : ''}.json`);
  writeFileSync(file, `${JSON.stringify(report, null, 2)}\n`);
  console.log(`\nresults: ${file.slice(ROOT.length + 1)} (${report.duration_seconds} s)`);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
