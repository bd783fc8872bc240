#!/usr/bin/env node
// The "two commands on a bare machine" test: a clean copy of this clone (tracked and new files, no
// node_modules, no dist, no .data), then `npm start` in a network and mount namespace that looks like
// a machine with no Postgres and no NATS: its loopback has no servers, pg_ctlcluster and friends are
// hidden, and /run, /var/lib/nats-server and /var/log are empty, so nothing of this machine's own
// servers is seen or touched. Waits for the stack's "Ready" line, checks /health/ready, stops the
// stack with Ctrl-C (SIGINT) and checks that it exits 0. Prints the time from `npm start` to ready.
//
//   node tools/test/bare-machine.js [--deps=ci|link] [--keep]
//
// --deps=ci (default): `npm ci` runs in the copy before the namespace is entered (the namespace has
//   no network, so the registry cannot be reached from inside); it is the same step `npm start` takes
//   first on a fresh clone (tools/stack/dependencies.js), timed separately.
// --deps=link: hard-links this clone's node_modules instead (seconds, for a quick run).
// Needs root (unshare, mount) and Linux. Not part of `npm test`: it builds a fresh clone from scratch
// and initialises a Postgres, which takes minutes on two cores; CI can run it on its own.
'use strict';

const fs = require('node:fs');
const http = require('node:http');
const os = require('node:os');
const path = require('node:path');
const { spawn, spawnSync, execFileSync } = require('node:child_process');

const ROOT = path.resolve(__dirname, '..', '..');
const READY_DEADLINE_MS = 15 * 60_000;
const STOP_DEADLINE_MS = 60_000;
const HIDDEN_COMMANDS = ['pg_ctlcluster', 'pg_lsclusters', 'pg_createcluster'];
const EMPTIED_DIRS = ['/run', '/var/lib/nats-server', '/var/log'];

function seconds(ms) {
  return `${(ms / 1000).toFixed(1)} s`;
}

function run(command, args, options = {}) {
  const result = spawnSync(command, args, { stdio: 'inherit', ...options });
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} failed (exit ${result.status ?? result.signal})`);
}

/** Copies the files git knows (tracked, and new ones not ignored) into dir: a clean clone of the work tree. */
function copyWorkTree(dir) {
  const files = execFileSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], { cwd: ROOT });
  const present = files
    .toString('utf8')
    .split('\0')
    .filter((f) => f && fs.existsSync(path.join(ROOT, f)));
  fs.writeFileSync(path.join(dir, '.files'), present.join('\0'));
  run('tar', ['--null', '-T', path.join(dir, '.files'), '-cf', path.join(dir, '.tree.tar')], { cwd: ROOT });
  fs.mkdirSync(path.join(dir, 'clone'));
  run('tar', ['-xf', path.join(dir, '.tree.tar'), '-C', path.join(dir, 'clone')]);
  fs.rmSync(path.join(dir, '.files'));
  fs.rmSync(path.join(dir, '.tree.tar'));
  return path.join(dir, 'clone');
}

function outside(argv) {
  if (process.platform !== 'linux' || process.getuid() !== 0) throw new Error('needs Linux and root (unshare, mount)');
  const deps = (argv.find((a) => a.startsWith('--deps=')) ?? '--deps=ci').slice('--deps='.length);
  const keep = argv.includes('--keep');
  // Under the system temp folder, which the postgres user (embedded Postgres as root) can enter.
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tr4ction-bare-'));
  fs.chmodSync(dir, 0o755);
  try {
    const clone = copyWorkTree(dir);
    const t0 = Date.now();
    if (deps === 'link') {
      run('cp', ['-al', path.join(ROOT, 'node_modules'), path.join(clone, 'node_modules')]);
    } else {
      // Exactly what `npm start` does first on a fresh clone.
      run(process.execPath, ['-e', "require('./tools/stack/dependencies').ensureDependencies('.')"], { cwd: clone });
    }
    const depsMs = Date.now() - t0;
    console.log(`[bare-machine] dependencies (${deps}): ${seconds(depsMs)}`);

    const mounts = [
      'ip link set lo up',
      ...EMPTIED_DIRS.map((d) => `mkdir -p ${d} && mount -t tmpfs tmpfs ${d}`),
      ...HIDDEN_COMMANDS.map((c) => `if p=$(command -v ${c}); then mount --bind /dev/null "$p"; fi`),
    ].join(' && ');
    // --propagation private: the tmpfs and bind mounts stay inside this namespace.
    const inside = spawnSync(
      'unshare',
      [
        '--net',
        '--mount',
        '--propagation',
        'private',
        '--',
        'bash',
        '-c',
        `${mounts} && exec "$0" "$1" --inside "$2" "$3"`,
        process.execPath,
        __filename,
        clone,
        String(depsMs),
      ],
      { stdio: 'inherit' },
    );
    if (inside.status !== 0) throw new Error(`the bare-machine run failed (exit ${inside.status ?? inside.signal})`);
  } finally {
    if (keep) console.log(`[bare-machine] kept ${dir}`);
    else fs.rmSync(dir, { recursive: true, force: true });
  }
}

function httpStatus(url) {
  return new Promise((resolve) => {
    const req = http.get(url, { timeout: 5000 }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode));
    });
    req.on('timeout', () => req.destroy());
    req.on('error', () => resolve(0));
  });
}

function commandAvailable(name) {
  return spawnSync('bash', ['-c', `command -v ${name} && test -x "$(command -v ${name})" && test -f "$(command -v ${name})"`]).status === 0;
}

async function inside(clone, depsMs) {
  // The premises of the test, checked rather than assumed.
  for (const c of HIDDEN_COMMANDS) if (commandAvailable(c)) throw new Error(`${c} is still on PATH`);
  const env = { ...process.env };
  for (const name of ['DATABASE_URL', 'NATS_URL', 'SECRETS_PROVIDER', 'JWT_SECRET_KEY', 'PORT']) delete env[name];
  env.PATH = env.PATH.split(':')
    .filter((d) => d !== '/usr/lib/postgresql')
    .join(':');

  const t0 = Date.now();
  const child = spawn('npm', ['start'], { cwd: clone, env, stdio: ['ignore', 'pipe', 'inherit'], detached: true });
  let output = '';
  let readyMs;
  const exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  child.stdout.on('data', (chunk) => {
    const text = chunk.toString('utf8');
    process.stdout.write(text);
    output += text;
    if (readyMs === undefined && /Ready in /.test(output)) readyMs = Date.now() - t0;
  });
  const deadline = Date.now() + READY_DEADLINE_MS;
  let exit;
  exited.then((r) => {
    exit = r;
  });
  while (readyMs === undefined && !exit && Date.now() < deadline) await new Promise((r) => setTimeout(r, 200));
  const failures = [];
  if (readyMs === undefined) failures.push(exit ? `npm start exited (${exit.code ?? exit.signal}) before ready` : 'no Ready line in time');
  else {
    const status = await httpStatus('http://127.0.0.1:8000/health/ready');
    if (status !== 200) failures.push(`/health/ready answered ${status}`);
    if (!/embedded/.test(output)) failures.push('the stack did not report an embedded Postgres');
  }
  if (!exit) {
    process.kill(-child.pid, 'SIGINT');
    const stopDeadline = Date.now() + STOP_DEADLINE_MS;
    while (!exit && Date.now() < stopDeadline) await new Promise((r) => setTimeout(r, 200));
    if (!exit) {
      process.kill(-child.pid, 'SIGKILL');
      failures.push('npm start did not stop within 60 s of SIGINT');
    }
  }
  // npm itself ends by the signal, as on a terminal's Ctrl-C; the stack's own last line and the
  // embedded Postgres's pid file (removed on a clean shutdown) say whether everything stopped.
  if (readyMs !== undefined) {
    if (!/\[stack\] Stopped\.\n/.test(output)) failures.push('the stack did not report a clean stop');
    if (fs.existsSync(path.join(clone, '.data', 'postgres', 'postmaster.pid'))) failures.push('the embedded Postgres is still running');
  }
  // The nats-server the stack started is a daemon by design (it outlives `npm start`); this
  // namespace's one must not outlive the test.
  for (const pidFile of fs.readdirSync('/run').filter((f) => /^nats-server-\d+\.pid$/.test(f))) {
    try {
      process.kill(Number(fs.readFileSync(path.join('/run', pidFile), 'utf8')), 'SIGTERM');
    } catch {
      // Already gone.
    }
  }
  console.log(`\n[bare-machine] dependencies ${seconds(depsMs)}; npm start to ready: ${readyMs === undefined ? 'not reached' : seconds(readyMs)}`);
  if (failures.length) {
    console.error(`[bare-machine] FAILED: ${failures.join('; ')}`);
    return 1;
  }
  console.log('[bare-machine] passed');
  return 0;
}

if (require.main === module) {
  const argv = process.argv.slice(2);
  const main = argv[0] === '--inside' ? () => inside(argv[1], Number(argv[2])) : async () => (outside(argv), 0);
  main().then(
    (code) => process.exit(code),
    (err) => {
      console.error(`[bare-machine] ${err instanceof Error ? err.message : err}`);
      process.exit(1);
    },
  );
}
