// Checks that Postgres and NATS answer before anything depends on them, starts them when they
// are local and installed, and otherwise says exactly what to run. Shared by `npm start`
// (tools/stack/start.js) and `npm test` (tools/test/run-all.js) so both fail the same readable way.
'use strict';

const fs = require('node:fs');
const net = require('node:net');
const path = require('node:path');
const { resolveCommand, capture } = require('./processes');
const { claimDevDatabase } = require('./dev-database');

const DEFAULT_DATABASE_URL = 'postgres://postgres@127.0.0.1:5432/tr4ction';
const DEFAULT_NATS_URL = 'nats://127.0.0.1:4222';
const CONNECT_TIMEOUT_MS = 2000;
const START_WAIT_MS = 20_000;
const POLL_INTERVAL_MS = 250;
// Standard Debian locations; the shared NATS on 4222 keeps its store in /var/lib/nats-server.
const NATS_STATE_DIR = '/var/lib/nats-server';
const NATS_LOG_DIR = '/var/log';
const PID_DIR = '/run';
const DEFAULT_ROOT = path.resolve(__dirname, '..', '..');

function isLocalHost(host) {
  const h = String(host)
    .replace(/^\[|\]$/g, '')
    .toLowerCase();
  return h === '' || h === 'localhost' || h === '::1' || h === '0.0.0.0' || /^127\./.test(h);
}

function hostPort(host, port) {
  return host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`;
}

function hostOf(url) {
  return url.hostname.replace(/^\[|\]$/g, '') || 'localhost';
}

// The value is never echoed: a database URL can carry a password.
function parseUrl(value, envName, example) {
  try {
    return new URL(value);
  } catch {
    throw new Error(`${envName} is not a valid URL (expected something like ${example}).`);
  }
}

function parseDatabaseUrl(databaseUrl = DEFAULT_DATABASE_URL) {
  const url = parseUrl(databaseUrl, 'DATABASE_URL', DEFAULT_DATABASE_URL);
  const host = hostOf(url);
  const port = Number(url.port || 5432);
  const database = decodeURIComponent(url.pathname.replace(/^\//, ''));
  // The maintenance database always exists, so the check and CREATE DATABASE can run before ours does.
  const admin = new URL(url.href);
  admin.pathname = '/postgres';
  return { host, port, database, adminUrl: admin.toString(), local: isLocalHost(host), display: hostPort(host, port) };
}

function parseNatsUrl(natsUrl = DEFAULT_NATS_URL) {
  // NATS_URL may list several servers; the first is the one a local setup runs.
  const first = String(natsUrl).split(',')[0].trim();
  const url = parseUrl(first.includes('://') ? first : `nats://${first}`, 'NATS_URL', DEFAULT_NATS_URL);
  const host = hostOf(url);
  const port = Number(url.port || 4222);
  return { host, port, local: isLocalHost(host), display: hostPort(host, port) };
}

function describeError(err) {
  if (!err) return 'unknown error';
  const code = err.code && !String(err.message).includes(err.code) ? `${err.code}: ` : '';
  return `${code}${err.message || String(err)}`;
}

/** Resolves { ok, error } once a TCP connection opens or fails; never rejects. */
function tcpProbe(host, port, timeoutMs = CONNECT_TIMEOUT_MS) {
  return new Promise((resolve) => {
    const socket = net.connect({ host, port });
    const done = (result) => {
      socket.destroy();
      resolve(result);
    };
    socket.setTimeout(timeoutMs, () => done({ ok: false, error: `no answer within ${timeoutMs} ms` }));
    socket.once('connect', () => done({ ok: true }));
    socket.once('error', (err) => done({ ok: false, error: describeError(err) }));
  });
}

function loadPg() {
  try {
    return require('pg');
  } catch {
    throw new Error("The 'pg' package is missing: run `npm ci` first.");
  }
}

/**
 * { ok, reachable, detail }. `reachable` means something listens on the port: then starting a
 * server would not help (wrong credentials, server still starting), so the caller only reports.
 */
async function checkPostgres(databaseUrl = DEFAULT_DATABASE_URL) {
  const target = parseDatabaseUrl(databaseUrl);
  const tcp = await tcpProbe(target.host, target.port);
  if (!tcp.ok) return { ok: false, reachable: false, detail: tcp.error };

  const { Client } = loadPg();
  const client = new Client({
    connectionString: target.adminUrl,
    connectionTimeoutMillis: CONNECT_TIMEOUT_MS,
    query_timeout: CONNECT_TIMEOUT_MS,
  });
  // A late socket error after a failed connect must not become an unhandled 'error' event.
  client.on('error', () => {});
  try {
    await client.connect();
    await client.query('SELECT 1');
    return { ok: true, reachable: true, detail: 'SELECT 1 answered' };
  } catch (err) {
    // 57P03: the server is still starting (a fresh start, or crash recovery); worth waiting for.
    return { ok: false, reachable: true, starting: err && err.code === '57P03', detail: describeError(err) };
  } finally {
    await client.end().catch(() => {});
  }
}

/** Reads the first line a NATS server sends (`INFO {...}`); { ok, reachable, detail, info }. */
function checkNats(natsUrl = DEFAULT_NATS_URL) {
  const target = parseNatsUrl(natsUrl);
  return new Promise((resolve) => {
    const socket = net.connect({ host: target.host, port: target.port });
    let connected = false;
    let buffer = '';
    const done = (result) => {
      socket.destroy();
      resolve(result);
    };
    socket.setTimeout(CONNECT_TIMEOUT_MS, () =>
      done({ ok: false, reachable: connected, detail: connected ? 'connected but no INFO line arrived' : `no answer within ${CONNECT_TIMEOUT_MS} ms` }),
    );
    socket.once('connect', () => {
      connected = true;
    });
    socket.once('error', (err) => done({ ok: false, reachable: connected, detail: describeError(err) }));
    socket.on('data', (chunk) => {
      buffer += chunk.toString('utf8');
      const end = buffer.indexOf('\r\n');
      if (end === -1 && buffer.length < 64 * 1024) return;
      const line = end === -1 ? buffer : buffer.slice(0, end);
      if (!line.startsWith('INFO ')) {
        done({ ok: false, reachable: true, detail: `not a NATS server (first line: ${JSON.stringify(line.slice(0, 60))})` });
        return;
      }
      let info;
      try {
        info = JSON.parse(line.slice(5));
      } catch {
        done({ ok: false, reachable: true, detail: 'INFO line is not valid JSON' });
        return;
      }
      // The services publish durable events, which core NATS would silently drop.
      if (info.jetstream !== true) {
        done({ ok: false, reachable: true, info, detail: `nats-server ${info.version ?? '?'} runs without JetStream (start it with -js)` });
        return;
      }
      done({ ok: true, reachable: true, info, detail: `nats-server ${info.version ?? '?'} with JetStream` });
    });
  });
}

/**
 * Calls probe() until done(result) (by default: result.ok) or the deadline passes;
 * returns the last result.
 */
async function waitFor(probe, { timeoutMs = START_WAIT_MS, intervalMs = POLL_INTERVAL_MS, done = (r) => r.ok } = {}) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const result = await probe();
    if (done(result) || Date.now() >= deadline) return result;
    await new Promise((r) => setTimeout(r, Math.min(intervalMs, Math.max(0, deadline - Date.now()))));
  }
}

function quoteArg(arg) {
  return /^[\w@%+=:,./-]+$/.test(arg) ? arg : `'${String(arg).replace(/'/g, `'\\''`)}'`;
}

function commandLine(cmd, args) {
  return [cmd, ...args].map(quoteArg).join(' ');
}

function isRoot() {
  return typeof process.getuid === 'function' && process.getuid() === 0;
}

/** The one command that installs nats-server from the Debian packages. */
const NATS_INSTALL_COMMAND = 'apt-get install -y nats-server';

/**
 * How to start the nats-server for target. As root it is the machine's shared server (Debian's
 * folders); otherwise its store, log and pid file go to the git-ignored `.data/` folder of the clone.
 */
function natsStartPlan(target, { root = DEFAULT_ROOT, asRoot = isRoot(), resolve = resolveCommand } = {}) {
  const listen = target.host === 'localhost' || target.host === '0.0.0.0' ? '127.0.0.1' : target.host;
  const shared = target.port === 4222;
  const dataDir = path.join(root, '.data');
  // A private port gets its own store: two servers must never share a JetStream directory.
  const stateDir = asRoot ? (shared ? NATS_STATE_DIR : `${NATS_STATE_DIR}-${target.port}`) : path.join(dataDir, `nats-${target.port}`);
  const logFile = asRoot
    ? path.join(NATS_LOG_DIR, shared ? 'nats-server.log' : `nats-server-${target.port}.log`)
    : path.join(dataDir, `nats-server-${target.port}.log`);
  const pidFile = path.join(asRoot ? PID_DIR : dataDir, `nats-server-${target.port}.pid`);
  const natsServer = resolve('nats-server');
  const ssd = resolve('start-stop-daemon');
  const natsPath = natsServer ?? '/usr/sbin/nats-server';
  // --pidfile makes start-stop-daemon look for *this* server only; with --exec alone any other
  // nats-server (a test's private one on a spare port) would count as "already running".
  const args = [
    '--start',
    '--oknodo',
    '--background',
    '--make-pidfile',
    '--pidfile',
    pidFile,
    '--exec',
    natsPath,
    '--',
    '-a',
    listen,
    '-p',
    String(target.port),
    '-js',
    '-sd',
    stateDir,
    '-l',
    logFile,
  ];
  const display = `mkdir -p ${stateDir} && ${commandLine('start-stop-daemon', args)}`;
  if (!natsServer) {
    // Root installs it from the Debian packages; anyone else gets the one command to run.
    if (asRoot) return { install: ['apt-get', ['install', '-y', 'nats-server']], command: ssd, args, display, stateDir };
    return { missing: 'nats-server is not installed', advice: [`sudo ${NATS_INSTALL_COMMAND}`] };
  }
  if (!ssd) return { missing: 'start-stop-daemon is not available', advice: [`${commandLine(natsPath, args.slice(args.indexOf('--') + 1))} &`] };
  return { command: ssd, args, display, stateDir };
}

/**
 * Makes sure the nats-server binary is there for a bus this stack runs itself (npm start's secured
 * development bus): installed from the Debian packages as root, else the one command to run.
 * Resolves { ok, detail } or { ok: false, message, advice }.
 */
async function ensureNatsServerBinary({ log = console.log, asRoot = isRoot(), resolve = resolveCommand } = {}) {
  if (resolve('nats-server')) return { ok: true, name: 'NATS', detail: 'nats-server is installed' };
  if (!asRoot) return { ok: false, name: 'NATS', message: 'nats-server is not installed.', advice: [`sudo ${NATS_INSTALL_COMMAND}`] };
  const result = await aptInstall(['apt-get', ['install', '-y', 'nats-server']], log);
  if (result.code === 0 && resolve('nats-server')) return { ok: true, name: 'NATS', detail: 'nats-server installed from the Debian packages' };
  return { ok: false, name: 'NATS', message: 'nats-server is not installed and apt-get could not install it.', advice: [NATS_INSTALL_COMMAND] };
}

/** `apt-get install`, with one `apt-get update` first when the package lists are empty or old. */
async function aptInstall([command, args], log) {
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  log(`Installing from the Debian packages: ${commandLine(command, args)}`);
  let result = await capture(command, args, { env, timeoutMs: 300_000 });
  if (result.code !== 0) {
    log('That failed; refreshing the package lists (apt-get update) and trying once more.');
    await capture(command, ['update'], { env, timeoutMs: 300_000 });
    result = await capture(command, args, { env, timeoutMs: 300_000 });
  }
  return result;
}

function remoteAdvice(envName, display) {
  return [
    `${envName} points at ${display}, which is not this machine, so nothing was started.`,
    `Check that the server there is up, or unset ${envName} to use the local default.`,
  ];
}

// Up, or answering but wrongly (bad credentials, not JetStream): waiting longer changes nothing.
const settled = (r) => r.ok || (r.reachable && !r.starting);

/** The first check, waiting while the server reports that it is still starting. */
async function firstCheck(check) {
  const before = await check();
  if (!before.ok && before.starting) return waitFor(check, { timeoutMs: START_WAIT_MS, done: settled });
  return before;
}

async function startServer(spec, log, autoStart) {
  const { name, envName, target, check, plan } = spec;
  const before = await firstCheck(check);
  if (before.ok) return { ok: true, name, detail: before.detail };

  const problem = (message, advice) => ({ ok: false, name, message, advice });
  const where = `${name} at ${target.display}`;
  const unusable = (result) => problem(`${where} answers but is not usable: ${result.detail}`, spec.unusableAdvice(result));
  // Something answers on the port but not correctly; starting another server cannot fix that.
  if (before.reachable) return unusable(before);
  if (!target.local) return problem(`${where} is not answering (${before.detail}).`, remoteAdvice(envName, target.display));

  let how = await plan();
  if (!autoStart) {
    return problem(`${where} is not answering (${before.detail}).`, ['Run:', ...(how.missing ? how.advice : [how.display]).map((c) => `  ${c}`)]);
  }
  if (how.install) {
    const installed = await aptInstall(how.install, log);
    const tail = installed.output.trim().split('\n').slice(-10).join('\n');
    if (installed.code !== 0) return problem(`${where} is not answering and installing it failed:\n${tail}`, ['Run:', `  ${NATS_INSTALL_COMMAND}`]);
    how = await plan();
    if (how.install) return problem(`${where} is not answering and the installed nats-server is not on PATH.`, ['Run:', `  ${NATS_INSTALL_COMMAND}`]);
  }
  if (how.missing) return problem(`${where} is not answering (${before.detail}) and ${how.missing}.`, ['Run:', ...how.advice.map((c) => `  ${c}`)]);

  log(`${name} is not answering at ${target.display}; starting it: ${how.display}`);
  if (how.stateDir) {
    try {
      fs.mkdirSync(how.stateDir, { recursive: true });
    } catch (err) {
      return problem(`${where} could not be started: cannot create ${how.stateDir} (${describeError(err)}).`, ['Run (as root):', `  ${how.display}`]);
    }
  }
  const started = await capture(how.command, how.args, { timeoutMs: 60_000 });
  if (started.code !== 0) {
    const output = started.output.trim() ? `\n${started.output.trim()}` : '';
    return problem(`${where} could not be started (exit ${started.code ?? started.signal}).${output}`, ['Run (as root):', `  ${how.display}`]);
  }
  const after = await waitFor(check, { timeoutMs: START_WAIT_MS, done: settled });
  if (!after.ok && after.reachable && !after.starting) return unusable(after);
  if (!after.ok) {
    return problem(`${where} was started but did not answer within ${START_WAIT_MS / 1000} s: ${after.detail}`, [
      'Look at its log, then run:',
      `  ${how.display}`,
    ]);
  }
  log(`${name} is up (${after.detail}).`);
  return { ok: true, name, detail: after.detail, started: true };
}

function postgresUnusableAdvice(r) {
  return /password|SASL|SCRAM|authentication|28000|28P01/i.test(r.detail)
    ? ['The server refused the login: put the user and password in DATABASE_URL.']
    : ['Check DATABASE_URL and the server log.'];
}

/**
 * Postgres: the one at databaseUrl when it answers. When it does not and `embeddedRoot` is given
 * (DATABASE_URL was not set), the embedded Postgres of that clone: the one still running from an
 * earlier start, else a new one. Resolves { ok, name, detail, databaseUrl, embedded? } or a problem.
 */
async function ensurePostgres({ databaseUrl, embeddedRoot, autoStart, log }) {
  const name = 'Postgres';
  const target = parseDatabaseUrl(databaseUrl);
  const where = `${name} at ${target.display}`;
  const problem = (message, advice) => ({ ok: false, name, message, advice });
  const before = await firstCheck(() => checkPostgres(databaseUrl));
  if (before.ok) return { ok: true, name, detail: before.detail, databaseUrl };
  if (before.reachable) return problem(`${where} answers but is not usable: ${before.detail}`, postgresUnusableAdvice(before));
  if (!target.local) return problem(`${where} is not answering (${before.detail}).`, remoteAdvice('DATABASE_URL', target.display));
  if (!embeddedRoot) {
    return problem(`${where} is not answering (${before.detail}).`, [
      'Start the server DATABASE_URL names, or unset DATABASE_URL: then `npm start` runs an embedded Postgres.',
    ]);
  }

  const embedded = require('./embedded-postgres');
  const previous = embedded.readState(embeddedRoot);
  if (previous) {
    // An embedded server left running (its parent was killed): use it rather than start a second.
    const url = embedded.embeddedDatabaseUrl(previous, target.database);
    const running = await checkPostgres(url);
    if (running.ok) return { ok: true, name, detail: `embedded, already running on port ${previous.port}`, databaseUrl: url };
  }
  if (!autoStart) return problem(`${where} is not answering (${before.detail}).`, ['Run `npm start`: it starts an embedded Postgres.']);
  let started;
  try {
    started = await embedded.startEmbeddedPostgres(embeddedRoot, { preferredPort: target.port, log });
  } catch (err) {
    return problem(`${where} is not answering and ${describeError(err)}`, []);
  }
  const url = embedded.embeddedDatabaseUrl(started.state, target.database);
  const after = await waitFor(() => checkPostgres(url), { timeoutMs: START_WAIT_MS, done: settled });
  if (!after.ok) return problem(`The embedded Postgres started but does not answer: ${after.detail}`, []);
  log(`${name} is up (embedded, port ${started.state.port}).`);
  return { ok: true, name, detail: `embedded on port ${started.state.port}`, databaseUrl: url, embedded: started.child, started: true };
}

/**
 * Makes sure Postgres and NATS answer, starting local ones where possible. `embeddedRoot`: the clone
 * whose embedded Postgres may be started (pass it only when DATABASE_URL was not given).
 * Resolves { ok, databaseUrl, results: [{ ok, name, detail | message, advice }] }, where databaseUrl
 * is the one to hand to the services (the embedded server's when one runs); never rejects for a
 * down server.
 */
async function ensureServers({
  databaseUrl = DEFAULT_DATABASE_URL,
  natsUrl = DEFAULT_NATS_URL,
  autoStart = true,
  log = console.log,
  embeddedRoot,
  root = embeddedRoot ?? DEFAULT_ROOT,
  nats = true,
} = {}) {
  const natsTarget = parseNatsUrl(natsUrl);
  const natsSpec = {
    name: 'NATS',
    envName: 'NATS_URL',
    target: natsTarget,
    check: () => checkNats(natsUrl),
    plan: async () => natsStartPlan(natsTarget, { root }),
    unusableAdvice: (r) =>
      r.info ? [`Restart that nats-server with JetStream: ${natsStartPlan(natsTarget, { root }).display}`] : ['Check that NATS_URL points at a NATS server.'],
  };
  // nats: false when the caller runs its own (npm start's secured development bus).
  const results = await Promise.all([ensurePostgres({ databaseUrl, embeddedRoot, autoStart, log }), ...(nats ? [startServer(natsSpec, log, autoStart)] : [])]);
  return { ok: results.every((r) => r.ok), databaseUrl: results[0].databaseUrl ?? databaseUrl, embedded: results[0].embedded, results };
}

/** The report to print when ensureServers() was not ok. */
function formatProblems(results) {
  return results
    .filter((r) => !r.ok)
    .map((r) => [r.message, ...(r.advice ?? []).map((a) => `  ${a}`)].join('\n'))
    .join('\n\n');
}

function quoteIdentifier(name) {
  return `"${String(name).replace(/"/g, '""')}"`;
}

/** CREATE DATABASE; resolves false when another process created it between a check and now. */
async function createDatabase(client, name) {
  try {
    // CREATE DATABASE takes no bind parameters, hence the quoted identifier.
    await client.query(`CREATE DATABASE ${quoteIdentifier(name)}`);
    return true;
  } catch (err) {
    if (err && err.code === '42P04') return false; // duplicate_database
    throw err;
  }
}

/**
 * Creates the database named in databaseUrl when it is missing; resolves { database, created, movedTo? }.
 * With devSecrets ({ fingerprint, secretsWereNew }: `npm start`'s own secrets and default database),
 * the database is also claimed for those secrets (dev-database.js).
 */
async function ensureDatabase(databaseUrl = DEFAULT_DATABASE_URL, { devSecrets } = {}) {
  const target = parseDatabaseUrl(databaseUrl);
  if (!target.database) return { database: '', created: false };
  const { Client } = loadPg();
  const connect = async (url) => {
    const client = new Client({ connectionString: url, connectionTimeoutMillis: CONNECT_TIMEOUT_MS });
    client.on('error', () => {});
    await client.connect();
    return client;
  };
  const client = await connect(target.adminUrl);
  try {
    if (devSecrets) {
      return await claimDevDatabase({
        adminClient: client,
        connectTo: () => connect(databaseUrl),
        database: target.database,
        ...devSecrets,
        quoteIdentifier,
        createDatabase: (name) => createDatabase(client, name),
      });
    }
    const found = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [target.database]);
    if (found.rowCount > 0) return { database: target.database, created: false };
    return { database: target.database, created: await createDatabase(client, target.database) };
  } finally {
    await client.end().catch(() => {});
  }
}

module.exports = {
  DEFAULT_DATABASE_URL,
  DEFAULT_NATS_URL,
  parseDatabaseUrl,
  parseNatsUrl,
  isLocalHost,
  tcpProbe,
  checkPostgres,
  checkNats,
  waitFor,
  ensureServers,
  formatProblems,
  ensureDatabase,
  quoteIdentifier,
  NATS_INSTALL_COMMAND,
  natsStartPlan,
  ensureNatsServerBinary,
};
