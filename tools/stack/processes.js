// Child processes for the stack and test scripts: one-shot steps (build, migrations, jest),
// long-running services with restart on crash, and an orderly stop (SIGTERM, then SIGKILL).
'use strict';

const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { spawn } = require('node:child_process');
const { forEachLine } = require('./log-format');

// Root's PATH in containers and CI often lacks the sbin directories where Debian puts
// pg_ctlcluster's friends, start-stop-daemon and nats-server.
const EXTRA_PATH_DIRS = ['/usr/local/sbin', '/usr/sbin', '/sbin'];
const DEFAULT_GRACE_MS = 10_000;

function isExecutableFile(file) {
  try {
    fs.accessSync(file, fs.constants.X_OK);
    return fs.statSync(file).isFile();
  } catch {
    return false;
  }
}

/** Absolute path of a command found on PATH (or the sbin directories), else undefined. */
function resolveCommand(name, env = process.env) {
  if (name.includes('/')) return isExecutableFile(name) ? name : undefined;
  const dirs = [...(env.PATH || '').split(path.delimiter).filter(Boolean), ...EXTRA_PATH_DIRS];
  for (const dir of dirs) {
    const full = path.join(dir, name);
    if (isExecutableFile(full)) return full;
  }
  return undefined;
}

/** Shell-style exit status: the code, or 128 + signal number for a process killed by a signal. */
function exitStatus({ code, signal }) {
  if (typeof code === 'number') return code;
  if (signal && os.constants.signals[signal]) return 128 + os.constants.signals[signal];
  return 1;
}

const live = new Set();

function isLive(child) {
  return live.has(child) && child.exitCode === null && child.signalCode === null;
}

function signalGroup(child, signal) {
  try {
    // Negative pid: the whole group, so npx's tsc and jest's workers go too.
    process.kill(-child.pid, signal);
  } catch {
    try {
      child.kill(signal);
    } catch {
      // Already gone.
    }
  }
}

/**
 * Spawns a tracked child in its own process group. A terminal Ctrl-C then reaches only the parent
 * script, which stops children in order; without it the services would get SIGINT at the same time
 * as the supervisor and their exits would look like crashes.
 * With onLine, stdout and stderr are read line by line; otherwise they pass straight through.
 * The returned child has `exited`: a promise of { code, signal, error }.
 */
function spawnChild(command, args, { cwd, env, onLine } = {}) {
  const child = spawn(command, args, {
    cwd,
    env,
    detached: true,
    stdio: onLine ? ['ignore', 'pipe', 'pipe'] : ['ignore', 'inherit', 'inherit'],
  });
  live.add(child);
  child.exited = new Promise((resolve) => {
    let settled = false;
    const settle = (result) => {
      if (settled) return;
      settled = true;
      live.delete(child);
      resolve(result);
    };
    child.once('exit', (code, signal) => settle({ code, signal }));
    // 'error' without 'exit' means it never started (ENOENT, EACCES).
    child.on('error', (error) => {
      if (child.pid === undefined || child.exitCode !== null) settle({ code: 127, signal: null, error });
    });
  });
  if (onLine) {
    forEachLine(child.stdout, (line) => onLine(line, 'stdout'));
    forEachLine(child.stderr, (line) => onLine(line, 'stderr'));
  }
  return child;
}

/** Runs a command to completion; resolves { code, signal, error } (never rejects). */
function runStep(command, args, options = {}) {
  return spawnChild(command, args, options).exited;
}

/**
 * Runs a short helper (pg_ctlcluster, start-stop-daemon) and collects its output.
 * It gets its own session and is not tracked: the daemon it leaves behind is a shared server
 * that must outlive this script and never see the terminal's Ctrl-C.
 */
function capture(command, args, { cwd, env, timeoutMs = 30_000 } = {}) {
  return new Promise((resolve) => {
    let output = '';
    let child;
    try {
      child = spawn(command, args, { cwd, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    } catch (error) {
      resolve({ code: 127, signal: null, output: String(error.message) });
      return;
    }
    const append = (chunk) => {
      output += chunk.toString('utf8');
    };
    child.stdout.on('data', append);
    child.stderr.on('data', append);
    const timer = setTimeout(() => {
      output += `\n(timed out after ${timeoutMs} ms)`;
      child.kill('SIGKILL');
    }, timeoutMs);
    child.once('error', (error) => {
      clearTimeout(timer);
      resolve({ code: 127, signal: null, output: `${output}${error.message}` });
    });
    // 'close', not 'exit': pg_ctlcluster's daemon may hold the pipes briefly; the output is what matters.
    child.once('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, output });
    });
  });
}

/** SIGTERM the child's group, SIGKILL after graceMs; idempotent; resolves when it has exited. */
function terminate(child, graceMs = DEFAULT_GRACE_MS) {
  if (!child.stopping) {
    child.stopping = (async () => {
      if (!isLive(child)) return child.exited;
      signalGroup(child, 'SIGTERM');
      const timer = setTimeout(() => {
        if (isLive(child)) signalGroup(child, 'SIGKILL');
      }, graceMs);
      const result = await child.exited;
      clearTimeout(timer);
      return result;
    })();
  }
  return child.stopping;
}

/** Stops every tracked child that is still running. */
function terminateAll(graceMs = DEFAULT_GRACE_MS) {
  return Promise.all([...live].map((child) => terminate(child, graceMs)));
}

/** SIGKILL every tracked child now: a second Ctrl-C, or the script exiting with children left. */
function killAllNow() {
  for (const child of live) if (isLive(child)) signalGroup(child, 'SIGKILL');
}

/**
 * Whether to restart a crashed service, given when it was restarted before:
 * at most maxRestarts in any windowMs, waiting 1 s, 2 s, 4 s ... (capped) between tries.
 */
function restartDecision(history, now, { maxRestarts = 5, windowMs = 60_000, baseDelayMs = 1000, maxDelayMs = 16_000 } = {}) {
  const recent = history.filter((t) => now - t < windowMs).length;
  if (recent >= maxRestarts) return { restart: false, recent };
  return { restart: true, recent, attempt: recent + 1, delayMs: Math.min(baseDelayMs * 2 ** recent, maxDelayMs) };
}

function formatExit({ code, signal, error }) {
  if (error) return error.message;
  return signal ? `signal ${signal}` : `exit code ${code}`;
}

/**
 * Keeps a set of long-running services up: restarts one that dies with backoff, within a
 * restart budget, and gives up (onGiveUp) when it keeps dying.
 * services: [{ name, command, args, stopLast? }]; onLine(name, line, stream); log(message).
 */
class Supervisor {
  #options;
  #state = new Map();
  #stopping = false;

  constructor({ services, cwd, env, onLine, log = console.log, onGiveUp = () => {}, policy = {} }) {
    this.#options = { services, cwd, env, onLine, log, onGiveUp, policy };
  }

  get stopping() {
    return this.#stopping;
  }

  start() {
    for (const service of this.#options.services) {
      this.#state.set(service.name, { restarts: [], child: undefined, timer: undefined });
      this.#launch(service);
    }
  }

  #launch(service) {
    const { cwd, env, onLine } = this.#options;
    const state = this.#state.get(service.name);
    const startedAt = Date.now();
    // A service may bring its own environment (each one its own bus credential).
    const child = spawnChild(service.command, service.args, { cwd, env: service.env ?? env, onLine: (line, stream) => onLine(service.name, line, stream) });
    state.child = child;
    child.exited.then((result) => this.#onExit(service, state, result, startedAt));
  }

  #onExit(service, state, result, startedAt) {
    state.child = undefined;
    if (this.#stopping) return;
    const { log, onGiveUp, policy } = this.#options;
    const ranFor = ((Date.now() - startedAt) / 1000).toFixed(1);
    log(`${service.name} stopped unexpectedly (${formatExit(result)}) after ${ranFor} s.`, 'error');
    const decision = restartDecision(state.restarts, Date.now(), policy);
    if (!decision.restart) {
      log(`${service.name} was restarted ${decision.recent} times within a minute; not restarting it again.`, 'error');
      onGiveUp(service.name);
      return;
    }
    state.restarts.push(Date.now());
    log(`Restarting ${service.name} in ${decision.delayMs / 1000} s (restart ${decision.attempt} in the last minute).`, 'warn');
    state.timer = setTimeout(() => {
      state.timer = undefined;
      if (!this.#stopping) this.#launch(service);
    }, decision.delayMs);
  }

  /**
   * Stops all services (no restarts from here on); resolves when every one has exited. Services
   * marked stopLast (the bus) get their SIGTERM only after the others exited, so those can still
   * publish what they hold while they shut down.
   */
  async stop(graceMs = DEFAULT_GRACE_MS) {
    this.#stopping = true;
    const last = new Set(this.#options.services.filter((s) => s.stopLast).map((s) => s.name));
    await this.#terminate(graceMs, (name) => !last.has(name));
    await this.#terminate(graceMs, (name) => last.has(name));
  }

  async #terminate(graceMs, which) {
    const exits = [];
    for (const [name, state] of this.#state) {
      if (!which(name)) continue;
      if (state.timer) clearTimeout(state.timer);
      state.timer = undefined;
      if (!state.child) continue;
      exits.push(
        terminate(state.child, graceMs).then((result) => {
          // Worth saying: a service that ignores SIGTERM would lose work in production too.
          if (result.signal === 'SIGKILL') this.#options.log(`${name} did not stop within ${graceMs / 1000} s; killed it.`, 'warn');
        }),
      );
    }
    await Promise.all(exits);
  }
}

module.exports = {
  resolveCommand,
  exitStatus,
  spawnChild,
  runStep,
  capture,
  terminate,
  terminateAll,
  killAllNow,
  restartDecision,
  formatExit,
  Supervisor,
  DEFAULT_GRACE_MS,
};
