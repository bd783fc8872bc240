/**
 * Helper processes of the bench (peer servers, the argon2 ceiling, the event publisher): each prints
 * JSON lines on stdout; `READY {...}` says it serves, `RESULT {...}` is its answer.
 */
const { spawn } = require('node:child_process');

function startChild(script, args = [], env = {}) {
  const child = spawn(process.execPath, [script, ...args], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  const lines = [];
  const waiters = [];
  let stderr = '';
  let buffer = '';
  child.stdout.on('data', (chunk) => {
    buffer += chunk;
    let nl;
    while ((nl = buffer.indexOf('\n')) >= 0) {
      const line = buffer.slice(0, nl);
      buffer = buffer.slice(nl + 1);
      lines.push(line);
      for (const w of [...waiters]) w();
    }
  });
  child.stderr.on('data', (c) => (stderr = (stderr + c).slice(-4000)));
  child.once('exit', () => {
    for (const w of [...waiters]) w();
  });

  /** Resolves the JSON after the first line starting with `tag `, or rejects at exit or deadline. */
  function waitFor(tag, timeoutMs) {
    return new Promise((resolve, reject) => {
      const check = () => {
        const hit = lines.find((l) => l.startsWith(`${tag} `));
        if (hit) return done(() => resolve(JSON.parse(hit.slice(tag.length + 1))));
        if (child.exitCode !== null || child.signalCode !== null)
          return done(() => reject(new Error(`${script} exited before ${tag}: ${stderr.slice(-1500)}`)));
      };
      const timer = setTimeout(() => done(() => reject(new Error(`${script}: no ${tag} within ${timeoutMs} ms`))), timeoutMs);
      const done = (fn) => {
        clearTimeout(timer);
        const i = waiters.indexOf(check);
        if (i >= 0) waiters.splice(i, 1);
        fn();
      };
      waiters.push(check);
      check();
    });
  }

  async function stop() {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((r) => child.once('exit', r));
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
    await exited;
    clearTimeout(timer);
  }

  return { child, pid: child.pid, waitFor, stop };
}

module.exports = { startChild };
