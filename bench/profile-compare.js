#!/usr/bin/env node
/**
 * The login path's CPU, before and after a change, per process, as a Markdown table:
 * `node bench/profile-compare.js <before.json> <before-profile-dir> <after.json> <after-profile-dir>`,
 * where each pair is a `BENCH_CPU_PROF=<dir> npm run bench -- --only=login` run (tracing off for
 * both, `BENCH_TRACING=off`, so only the change differs). The CPU per login comes from /proc (every
 * thread: argon2id's pool included); the profile, which samples the JavaScript thread only, says
 * where that thread's busy time went (its hottest packages, the first `skip` seconds of boot and
 * account setup left out).
 */
const { readdirSync, readFileSync } = require('node:fs');
const { join } = require('node:path');
const { breakdown } = require('./cpu-top');

const SKIP_SECONDS = Number(process.env.SKIP_SECONDS ?? 25);
const SERVICES = ['api-gateway', 'auth-service', 'user-service', 'audit-service', 'rotation-service'];

function loginRun(resultFile) {
  const { details } = JSON.parse(readFileSync(resultFile, 'utf8'));
  const login = details.login ?? details.runs?.[0]?.login;
  return { cpu: login.gateway.cpu_ms_per_login, perSecond: login.gateway.saturated.ok_per_second };
}

function hottest(dir, service, count = 4) {
  const file = readdirSync(dir).find((f) => f.startsWith(`${service}-`) && f.endsWith('.cpuprofile'));
  if (!file) return 'no profile';
  const { busyUs, packages } = breakdown(JSON.parse(readFileSync(join(dir, file), 'utf8')), SKIP_SECONDS);
  return [...packages]
    .filter(([name]) => name !== '(idle)' && name !== '(program)')
    .sort((a, b) => b[1] - a[1])
    .slice(0, count)
    .map(([name, us]) => `${name} ${Math.round((100 * us) / busyUs)} %`)
    .join(', ');
}

function main([beforeFile, beforeDir, afterFile, afterDir]) {
  const before = loginRun(beforeFile);
  const after = loginRun(afterFile);
  const lines = [
    `Logins/s saturated: ${before.perSecond} before, ${after.perSecond} after.`,
    '',
    '| process | CPU per login before (ms) | after (ms) | JS thread before: hottest packages (share of busy) | after |',
    '|---|---|---|---|---|',
  ];
  for (const name of [...SERVICES, 'nats-server', 'postgres']) {
    const profiled = SERVICES.includes(name);
    lines.push(
      `| ${name} | ${before.cpu[name] ?? '-'} | ${after.cpu[name] ?? '-'} | ${profiled ? hottest(beforeDir, name) : 'not profiled'} | ${profiled ? hottest(afterDir, name) : ''} |`,
    );
  }
  console.log(lines.join('\n'));
}

main(process.argv.slice(2));
