#!/usr/bin/env node
// `npm start`: the whole stack on this machine in one command. Installs the npm dependencies when
// missing or stale, checks (and if need be starts) Postgres and NATS (an embedded Postgres when
// none answers and DATABASE_URL is not set), creates the database, builds, migrates, then runs the
// five services as supervised child processes with readable logs until Ctrl-C.
// Node built-ins only until the dependencies are installed (every module required here is).
'use strict';

const fs = require('node:fs');
const http = require('node:http');
const path = require('node:path');
const { ensureDependencies } = require('./dependencies');
const preflight = require('./preflight');
const { ensureDevSecrets, hasDevSecrets } = require('./dev-secrets');
const { secretsFingerprint } = require('./dev-database');
const { wantsDevBus, prepareDevBus, DEV_BUS_PORT } = require('./dev-bus');
const { prepareDatabaseRoles } = require('./dev-database-roles');
const { formatLine, useColor } = require('./log-format');
const { runStep, Supervisor, terminateAll, killAllNow, formatExit, DEFAULT_GRACE_MS } = require('./processes');

const ROOT = path.resolve(__dirname, '..', '..');
const SERVICES = ['api-gateway', 'auth-service', 'user-service', 'audit-service', 'rotation-service'];
const READY_DEADLINE_MS = 60_000;
const READY_POLL_MS = 500;
const READY_REQUEST_TIMEOUT_MS = 2000;
const PINO_LEVEL = { info: 30, warn: 40, error: 50 };

const USAGE = `Usage: npm start [-- --no-build]

Installs the npm dependencies when missing or stale (npm ci), checks Postgres (an embedded Postgres
when none answers and DATABASE_URL is not set), creates the database, builds, runs the migrations,
starts a secured nats-server of its own (TLS, one credential per service, the permission table;
files in .dev-secrets/bus; installed from the Debian packages when missing and run as root) and the
five services; Ctrl-C stops them.

  --no-build   skip \`tsc -b tsconfig.build.json\` and the console build (use the existing dist/)
  --help       this text

Environment: DATABASE_URL (default ${preflight.DEFAULT_DATABASE_URL}),
             NATS_URL (default: its own bus on tls://127.0.0.1:${DEV_BUS_PORT}; when set, that bus is
             used with NATS_CREDS_FILE / NATS_TLS_* as given), PORT (default 8000).`;

function parseArgs(argv) {
  const options = { build: true, help: false };
  for (const arg of argv) {
    if (arg === '--no-build') options.build = false;
    else if (arg === '--help' || arg === '-h') options.help = true;
    else throw new Error(`Unknown option ${arg}\n\n${USAGE}`);
  }
  return options;
}

/** The node command line that runs a built service (extra args: e.g. `migrate`). */
function serviceCommand(service, extraArgs = []) {
  return {
    name: service,
    command: process.execPath,
    args: ['-r', './tools/runtime/register-paths.js', `dist/apps/${service}/src/main.js`, ...extraArgs],
  };
}

function seconds(ms) {
  return `${(ms / 1000).toFixed(1)} s`;
}

/** One GET; resolves { status, body } or { status: 0, error } and never rejects. */
function httpGet(url, timeoutMs = READY_REQUEST_TIMEOUT_MS) {
  return new Promise((resolve) => {
    const req = http.get(url, { timeout: timeoutMs, agent: false }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk) => {
        if (body.length < 4000) body += chunk;
      });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      res.on('error', (err) => resolve({ status: 0, error: err.message }));
    });
    req.on('timeout', () => req.destroy(new Error(`no answer within ${timeoutMs} ms`)));
    req.on('error', (err) => resolve({ status: 0, error: err.code || err.message }));
  });
}

/** Polls url until it answers 200, the deadline passes, or shouldStop() says so. */
async function waitForReady(url, { deadlineMs = READY_DEADLINE_MS, intervalMs = READY_POLL_MS, shouldStop = () => false } = {}) {
  const started = Date.now();
  let last = { status: 0, error: 'not polled yet' };
  while (!shouldStop()) {
    last = await httpGet(url);
    if (last.status === 200) return { ok: true, elapsedMs: Date.now() - started, last };
    if (Date.now() - started >= deadlineMs) break;
    await new Promise((r) => setTimeout(r, intervalMs));
  }
  return { ok: false, elapsedMs: Date.now() - started, last };
}

async function main(argv = process.argv.slice(2)) {
  const t0 = Date.now();
  const options = parseArgs(argv);
  if (options.help) {
    console.log(USAGE);
    return 0;
  }

  // Before anything below requires an npm package (pg, the build tools).
  try {
    ensureDependencies(ROOT);
  } catch (err) {
    console.error(err instanceof Error ? err.message : err);
    return 1;
  }

  // Children get the same defaults the checks used, so both always talk to the same servers.
  const databaseUrlGiven = Boolean(process.env.DATABASE_URL);
  const devBus = wantsDevBus(process.env);
  const env = {
    // glibc's allocator settings for every service (docs/deploy.md, "Memory"); the caller's environment wins.
    ...require('../runtime/allocator-env.json'),
    ...process.env,
    DATABASE_URL: process.env.DATABASE_URL || preflight.DEFAULT_DATABASE_URL,
    NATS_URL: process.env.NATS_URL || preflight.DEFAULT_NATS_URL,
  };
  if (devBus) delete env.NATS_URL;
  const secretsWereNew = !hasDevSecrets(ROOT);
  const devSecretsEnv = ensureDevSecrets(ROOT, env);
  Object.assign(env, devSecretsEnv);
  // The default database is claimed for this clone's own secrets (dev-database.js); a database the
  // operator named is left as it is.
  const devSecrets =
    devSecretsEnv.SECRETS_FILE_DIR && !databaseUrlGiven ? { fingerprint: secretsFingerprint(devSecretsEnv.SECRETS_FILE_DIR), secretsWereNew } : undefined;
  const port = Number(env.PORT || 8000);
  const color = useColor(process.stdout);
  const print = (service, line) => process.stdout.write(`${formatLine(line, { service, color })}\n`);
  const say = (msg, level = 'info') => print('stack', JSON.stringify({ level: PINO_LEVEL[level] ?? 30, time: Date.now(), msg }));

  let supervisor;
  let stopping = false;
  const stopAndExit = async (code) => {
    // Services first, then what they use (the embedded Postgres), so they can finish cleanly.
    if (supervisor) await supervisor.stop();
    await terminateAll();
    say(code === 0 ? 'Stopped.' : 'Stopped after the error above.', code === 0 ? 'info' : 'error');
    process.exit(code);
  };
  const fail = async (message) => {
    if (stopping) return;
    stopping = true;
    say(message, 'error');
    await stopAndExit(1);
  };
  const onSignal = (signal) => {
    if (stopping) {
      say(`${signal} again: killing everything now.`, 'warn');
      killAllNow();
      process.exit(0);
    }
    stopping = true;
    say(`${signal}: stopping (SIGTERM, SIGKILL after ${DEFAULT_GRACE_MS / 1000} s).`);
    void stopAndExit(0);
  };
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(signal, onSignal);
  // If this script dies some other way, it must not leave orphaned services holding the port.
  process.on('exit', killAllNow);

  // (a) servers
  const servers = await preflight.ensureServers({
    databaseUrl: env.DATABASE_URL,
    natsUrl: env.NATS_URL,
    nats: !devBus,
    log: (m) => say(m),
    embeddedRoot: databaseUrlGiven ? undefined : ROOT,
  });
  if (stopping) return 0;
  if (!servers.ok) {
    process.stderr.write(`\n${preflight.formatProblems(servers.results)}\n\n`);
    await fail('Postgres and NATS must answer before the stack can start.');
    return 1;
  }
  // The embedded Postgres may listen on another port: the services get its URL.
  env.DATABASE_URL = servers.databaseUrl;
  if (servers.embedded) {
    servers.embedded.exited.then((result) => void fail(`The embedded Postgres stopped (${formatExit(result)}).`));
  }
  for (const r of servers.results) say(`${r.name}: ${r.detail}`);

  // (b) database
  try {
    const db = await preflight.ensureDatabase(env.DATABASE_URL, { devSecrets });
    if (db.movedTo) {
      say(
        `Database "${db.database}" was made with other development secrets (another clone?), so its keys could not be read: ` +
          `renamed to "${db.movedTo}" (drop it when it is not needed).`,
        'warn',
      );
    }
    if (db.created) say(`Created database "${db.database}".`);
  } catch (err) {
    await fail(`Could not create the database named in DATABASE_URL: ${err.message}`);
    return 1;
  }
  if (stopping) return 0;

  // (c) build
  const tBuild = Date.now();
  if (options.build) {
    say('Building: npx tsc -b tsconfig.build.json');
    const built = await runStep('npx', ['tsc', '-b', 'tsconfig.build.json'], { cwd: ROOT, env });
    if (stopping) return 0;
    if (built.code !== 0) {
      await fail(`Build failed (${formatExit(built)}); the compiler output is above. Nothing was started.`);
      return 1;
    }
    // The admin console served at /console; quick when its inputs did not change.
    const consoleBuilt = await runStep(process.execPath, ['tools/console/build-console.js'], { cwd: ROOT, env });
    if (stopping) return 0;
    if (consoleBuilt.code !== 0) {
      await fail(`Console build failed (${formatExit(consoleBuilt)}); the output is above. Nothing was started.`);
      return 1;
    }
    say(`Built in ${seconds(Date.now() - tBuild)}.`);
  }

  let bus;
  // (d) database roles: each service its own login, owning its own schema only
  let database = { envFor: () => ({}) };
  try {
    const roles = await prepareDatabaseRoles(ROOT, env.DATABASE_URL);
    if (roles) {
      database = roles;
      say(`Database: each service signs in as its own role (${roles.roles.join(', ')}); passwords in .dev-secrets/db.`);
    } else {
      say('Database: the DATABASE_URL login may not create roles, so every service uses it as given (production refuses a superuser).', 'warn');
    }
  } catch (err) {
    await fail(`Could not prepare the database roles: ${err.message}`);
    return 1;
  }
  if (stopping) return 0;
  const serviceEnv = (service) => ({ ...(bus ? bus.envFor(service) : env), ...database.envFor(service) });

  // (e) migrations, one service at a time so their output does not interleave, each as its own role
  const tMigrate = Date.now();
  for (const service of SERVICES) {
    const { command, args } = serviceCommand(service, ['migrate']);
    if (!fs.existsSync(path.join(ROOT, args[2]))) {
      await fail(`${args[2]} does not exist: build first (run without --no-build).`);
      return 1;
    }
    say(`Migrating ${service}.`);
    const migrated = await runStep(command, args, { cwd: ROOT, env: { ...env, ...database.envFor(service) }, onLine: (line) => print(service, line) });
    if (stopping) return 0;
    if (migrated.code !== 0) {
      await fail(`Migrations of ${service} failed (${formatExit(migrated)}); its output is above. No service was started.`);
      return 1;
    }
  }
  say(`Migrations done in ${seconds(Date.now() - tMigrate)}.`);

  // (f) the bus (unless NATS_URL names one) and the services
  if (devBus) {
    const binary = await preflight.ensureNatsServerBinary({ log: (m) => say(m) });
    if (!binary.ok) {
      process.stderr.write(`\n${preflight.formatProblems([binary])}\n\n`);
      await fail('nats-server is needed for the development bus.');
      return 1;
    }
    try {
      bus = await prepareDevBus(ROOT, env);
    } catch (err) {
      await fail(`Could not prepare the development bus: ${err.message}`);
      return 1;
    }
    say(
      `Bus: nats-server with TLS and one credential per service on ${bus.url} (the CLI: tr4ction --env-file ${path.relative(process.cwd(), bus.cliEnvFile)} ...).`,
    );
  }
  const tServices = Date.now();
  supervisor = new Supervisor({
    services: [...(bus ? [bus.server] : []), ...SERVICES.map((s) => ({ ...serviceCommand(s), env: serviceEnv(s) }))],
    cwd: ROOT,
    env,
    onLine: (service, line) => print(service, line),
    log: (m, level) => say(m, level),
    onGiveUp: (service) => void fail(`${service} keeps crashing; stopping the stack. Its last output is above.`),
  });
  supervisor.start();
  say(`Started ${SERVICES.join(', ')}.`);

  // (g) readiness
  const readyUrl = `http://127.0.0.1:${port}/health/ready`;
  const ready = await waitForReady(readyUrl, { shouldStop: () => stopping });
  if (stopping) return 0;
  if (!ready.ok) {
    const last = ready.last.status ? `HTTP ${ready.last.status} ${ready.last.body.slice(0, 500)}` : ready.last.error;
    await fail(`${readyUrl} did not answer 200 within ${seconds(READY_DEADLINE_MS)} (last: ${last}).`);
    return 1;
  }
  const base = `http://localhost:${port}`;
  say(
    `Ready in ${seconds(Date.now() - t0)} (services ${seconds(Date.now() - tServices)}).\n` +
      `    API      ${base}\n` +
      `    Console  ${base}/console/\n` +
      `    Swagger  ${base}/docs\n` +
      `    Metrics  ${base}/metrics\n` +
      '    Ctrl-C stops everything.',
  );
  return 0;
}

module.exports = { main, parseArgs, serviceCommand, waitForReady, httpGet, SERVICES, USAGE };

if (require.main === module) {
  main().then(
    // 0 here means "started"; the services keep the process alive until a signal.
    (code) => {
      if (code !== 0) process.exitCode = code;
    },
    (err) => {
      console.error(err instanceof Error ? err.message : err);
      killAllNow();
      process.exit(1);
    },
  );
}
