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
const { judge } = require('./lib/stats');
const { footprint } = require('./benchmarks/footprint');
const { login } = require('./benchmarks/login');
const { authMe } = require('./benchmarks/auth-me');
const { auditProjection } = require('./benchmarks/audit-projection');
const { auditQueries } = require('./benchmarks/audit-queries');
const { pointInTime } = require('./benchmarks/point-in-time');

const BENCHMARKS = [
  ['footprint', footprint],
  ['login', login],
  ['auth-me', authMe],
  ['audit-projection', auditProjection],
  ['audit-queries', auditQueries],
  ['point-in-time', pointInTime],
];

/** What the bench configures on the stack, printed with the results so nobody mistakes it for defaults. */
const STACK_ENV = {
  // The gateway's per-address and per-account login limits would otherwise answer 429 within a second.
  RATE_LIMIT_AUTH_PER_IP: '100000000',
  RATE_LIMIT_AUTH_PER_ACCOUNT: '100000000',
  // Production's pool sizes, not the smaller ones the e2e stacks use.
  DATABASE_POOL_SIZE: '10',
  RATE_LIMIT_POOL_SIZE: '10',
};

function selected(argv) {
  const only = argv.find((a) => a.startsWith('--only='));
  if (!only) return BENCHMARKS;
  const names = only.slice('--only='.length).split(',');
  return BENCHMARKS.filter(([name]) => names.includes(name));
}

async function main() {
  const sizes = pickSizes();
  const started = new Date();
  console.log(`bench (${sizes.mode}): building...`);
  (process.env.BENCH_NO_BUILD ? () => undefined : execFileSync)('npm', ['run', '--silent', 'build'], { cwd: ROOT, stdio: 'inherit' });

  const { ServiceStack, STACK_SERVICES } = testing();
  console.log('bench: starting the stack (fresh database, private NATS)...');
  const t0 = process.hrtime.bigint();
  const profiling = process.env.BENCH_CPU_PROF
    ? { NODE_OPTIONS: `--require ${join(__dirname, 'cpu-profile-preload.js')}`, BENCH_CPU_PROF: process.env.BENCH_CPU_PROF }
    : {};
  // BENCH_BUS=plaintext: the bus without TLS and credentials, to measure what securing it costs.
  const plaintextBus = process.env.BENCH_BUS === 'plaintext';
  if (plaintextBus) console.log('bench: PLAINTEXT, anonymous bus (BENCH_BUS=plaintext): for comparison only');
  const stack = await ServiceStack.start({ env: { ...STACK_ENV, ...profiling }, plaintextBus });
  const startToReadyMs = Number(process.hrtime.bigint() - t0) / 1e6;
  const context = { stack, sizes, startToReadyMs, services: STACK_SERVICES };

  const rows = [];
  const details = {};
  try {
    for (const [name, run] of selected(process.argv)) {
      console.log(`bench: ${name}...`);
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
  }

  const table = renderTable(rows);
  console.log(
    `\nTR4CTION bench, ${sizes.mode} run, ${started.toISOString()} (${availableParallelism()} cores, load average at start ${loadavg()[0].toFixed(2)})`,
  );
  console.log(
    `configured for the run: ${Object.entries(STACK_ENV)
      .map(([k, v]) => `${k}=${v}`)
      .join(', ')} (login rate limits out of the way); Better Auth rate limiter off\n`,
  );
  console.log(table);
  const report = {
    date: started.toISOString(),
    mode: sizes.mode,
    machine: {
      cpus: availableParallelism(),
      cpu_model: cpus()[0]?.model,
      total_memory_mb: Math.round(totalmem() / 2 ** 20),
      load_average_at_start: loadavg(),
      node: process.version,
    },
    configured: {
      stack_env: STACK_ENV,
      bus: plaintextBus ? 'plaintext, anonymous' : 'TLS, nkey per service, permissions',
      better_auth: { rateLimit: { enabled: false } },
    },
    sizes,
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
