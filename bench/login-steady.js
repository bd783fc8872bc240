#!/usr/bin/env node
/**
 * CPU per login at a steady, unsaturated load, for comparing two builds in alternation:
 * `node bench/login-steady.js [logins=960] [inFlight=4]` on the built dist/ of this checkout.
 * The saturated login benchmark is short and shares the two cores with argon2id, so a change of a
 * millisecond or two per process is lost in its noise; here each process's CPU (from /proc, every
 * thread) is divided by a fixed number of logins made by a few clients after warm-up, and the audit
 * projection's append transactions per login are counted (records that share an `xmin`).
 * BENCH_CPU_PROF=dir also writes a V8 CPU profile of every service (bench/cpu-top.js reads them);
 * BENCH_STACK_ENV (a JSON object) adds settings to every service's environment.
 */
const { join } = require('node:path');
const { Client } = require('pg');
const { testing } = require('./lib/project');
const { registeredUser, login } = require('./lib/accounts');
const { cpuSince, postgresPids } = require('./lib/cpu');

const SERVICES = ['api-gateway', 'auth-service', 'user-service', 'audit-service', 'rotation-service'];
/** Logins before the measured ones: the services' JavaScript is compiled and warm by then. */
const WARM_UP_LOGINS = 40;

async function loginsBy(baseUrl, users, each) {
  await Promise.all(
    users.map(async (u) => {
      for (let k = 0; k < each; k++) {
        const res = await login(baseUrl, u.email, u.password);
        if (res.status !== 200) throw new Error(`login answered ${res.status}`);
      }
    }),
  );
}

async function main([loginsArg = '960', inFlightArg = '4']) {
  const inFlight = Number(inFlightArg);
  const each = Math.max(1, Math.floor(Number(loginsArg) / inFlight));
  const { ServiceStack, waitFor } = testing();
  // BENCH_CPU_PROF=dir: a V8 CPU profile of every service, as in run.js (with the services' own memory settings).
  const { NODE_OPTIONS: serviceNodeOptions = '' } = require('../tools/runtime/allocator-env.json');
  const profiling = process.env.BENCH_CPU_PROF
    ? { NODE_OPTIONS: `${serviceNodeOptions} --require ${join(__dirname, 'cpu-profile-preload.js')}`.trim(), BENCH_CPU_PROF: process.env.BENCH_CPU_PROF }
    : {};
  // BENCH_STACK_ENV='{"JWT_ALGORITHM":"ES256"}': the same build under another configuration.
  const stack = await ServiceStack.start({ env: { ...JSON.parse(process.env.BENCH_STACK_ENV || '{}'), ...profiling } });
  const db = new Client({ connectionString: stack.databaseUrl });
  try {
    await db.connect();
    const users = [];
    for (let i = 0; i < inFlight; i++) users.push(await registeredUser(stack.baseUrl));
    await loginsBy(stack.baseUrl, users, Math.ceil(WARM_UP_LOGINS / inFlight));
    const head = async () => Number((await db.query('SELECT coalesce(max(seq), 0) AS seq FROM audit.audit_log_v1')).rows[0].seq);
    const from = await head();
    const used = cpuSince({ ...Object.fromEntries(SERVICES.map((s) => [s, stack.pid(s)])), 'nats-server': stack.nats.pid, postgres: postgresPids });
    const started = Date.now();
    await loginsBy(stack.baseUrl, users, each);
    const seconds = (Date.now() - started) / 1000;
    const logins = each * inFlight;
    // Three records per login (LoginSucceeded, two TokenIssued): wait until the projection has them all.
    await waitFor(async () => (await head()) >= from + 3 * logins, { timeoutMs: 30_000, what: 'the audit projection to catch up' });
    const cpu = used();
    const { rows } = await db.query('SELECT count(*) AS records, count(DISTINCT xmin::text) AS transactions FROM audit.audit_log_v1 WHERE seq > $1', [from]);
    const perLogin = Object.fromEntries(Object.entries(cpu).map(([name, sec]) => [name, Math.round((sec * 1e4) / logins) / 10]));
    console.log(
      JSON.stringify({
        logins,
        in_flight: inFlight,
        logins_per_second: Math.round((logins / seconds) * 10) / 10,
        cpu_ms_per_login: perLogin,
        audit_transactions_per_login: Math.round((100 * Number(rows[0].transactions)) / logins) / 100,
      }),
    );
  } finally {
    await db.end().catch(() => undefined);
    await stack.stop();
  }
}

main(process.argv.slice(2)).catch((err) => {
  console.error(err);
  process.exit(1);
});
