/**
 * Appends the lives of `users` accounts as `count` valid hash-chained audit records after `head`,
 * with COPY (psql ... FROM STDIN): every tenth record registers the next account (one in ten created
 * by an admin with a role of their own), and the others happen to an account already registered:
 * role changes (about one account in ten made admin, a few demoted again), lockouts and unlocks,
 * deletions (about one in twenty) and, mostly, logins and tokens, which the temporal fold reads past.
 * Spread over the last 30 days, oldest first, as a real log grows. The chain is valid (chainNext, as
 * audit-service computes it), so the stack's verification still holds after the load.
 * argv: JSON { databaseUrl, head: {seq, hash} | null, count, users }. Prints RESULT with the span.
 */
const { spawn } = require('node:child_process');
const { randomBytes, randomUUID } = require('node:crypto');
const { Readable } = require('node:stream');
const { lib } = require('../lib/project');

const COLUMNS = 'seq, event_id, type, occurred_at, recorded_at, actor, subject, outcome, source, trace_id, data, prev_hash, hash';
const SPAN_MS = 30 * 24 * 3600 * 1000;
const LOCK_MS = 30 * 60 * 1000;

function csvField(value) {
  if (value === null || value === undefined) return '';
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  return `"${text.replace(/"/g, '""')}"`;
}

/** What happens at one slot to an account: weights out of 10,000 of the non-registration slots. */
function pickEvent(user, roll) {
  const admin = user.roles.includes('admin');
  if (roll < 120 && !admin) return { type: 'RolesChanged', after: [...user.roles, 'admin'].sort() };
  if (roll < 15 && admin)
    return {
      type: 'RolesChanged',
      after: user.roles
        .filter((r) => r !== 'admin')
        .concat(user.roles.length === 1 ? ['founder'] : [])
        .sort(),
    };
  if (roll < 200 && !user.locked) return { type: 'AccountLocked' };
  if (roll < 260 && user.locked) return { type: 'AccountUnlocked' };
  if (roll < 320) return { type: 'UserDeleted' };
  if (roll < 2000) return { type: 'LoginFailed' };
  return { type: roll < 6000 ? 'LoginSucceeded' : 'TokenIssued' };
}

function* records(job, span) {
  const { chainNext } = lib('audit-chain');
  const admin = { type: 'user', id: randomUUID() };
  const users = [];
  const alive = [];
  let head = job.head;
  for (let i = 0; i < job.count; i++) {
    const atMs = span.startMs + Math.floor((i / job.count) * SPAN_MS);
    const at = new Date(atMs).toISOString();
    let fields;
    if (i % 10 === 0 && users.length < job.users) {
      const k = users.length;
      const byAdmin = k % 10 === 0;
      const roles = byAdmin ? [k % 20 === 0 ? 'admin' : 'auditor'] : ['founder'];
      const user = { id: randomUUID(), roles, locked: false, deleted: false };
      users.push(user);
      alive.push(user);
      fields = {
        type: byAdmin ? 'UserCreated' : 'UserRegistered',
        actor: byAdmin ? admin : { type: 'user', id: user.id },
        subject: { type: 'user', id: user.id },
        outcome: 'success',
        data: { email: `bench-user-${k}@example.test`, name: `Bench User ${k}`, roles },
      };
    } else if (alive.length > 0) {
      const pick = Math.floor(Math.random() * alive.length);
      const user = alive[pick];
      const event = pickEvent(user, Math.floor(Math.random() * 10_000));
      const subject = { type: 'user', id: user.id };
      if (event.type === 'RolesChanged') {
        fields = { type: event.type, actor: admin, subject, outcome: 'success', data: { before: user.roles, after: event.after } };
        user.roles = event.after;
      } else if (event.type === 'AccountLocked') {
        fields = {
          type: event.type,
          actor: { type: 'system', id: null },
          subject,
          outcome: 'failure',
          data: { locked_until: new Date(atMs + LOCK_MS).toISOString(), failed_attempts: 5 },
        };
        user.locked = true;
      } else if (event.type === 'AccountUnlocked') {
        fields = { type: event.type, actor: admin, subject, outcome: 'success', data: { by: 'admin' } };
        user.locked = false;
      } else if (event.type === 'UserDeleted') {
        fields = { type: event.type, actor: admin, subject, outcome: 'success', data: {} };
        // Swap-remove: nothing happens to a deleted account any more.
        alive[pick] = alive[alive.length - 1];
        alive.pop();
      } else {
        const failed = event.type === 'LoginFailed';
        fields = {
          type: event.type,
          actor: { type: 'user', id: user.id },
          subject,
          outcome: failed ? 'failure' : 'success',
          data: failed ? { reason: 'wrong_password', failed_attempts: 1 } : { note: 'bench' },
        };
      }
    } else continue;
    const record = chainNext(head, {
      event_id: randomUUID(),
      occurred_at: at,
      recorded_at: at,
      source: { service: 'bench', ip: '127.0.0.1' },
      trace_id: randomBytes(16).toString('hex'),
      ...fields,
    });
    head = { seq: record.seq, hash: record.hash };
    span.loaded++;
    yield `${[record.seq, record.event_id, record.type, record.occurred_at, record.recorded_at, csvField(record.actor), csvField(record.subject), record.outcome, csvField(record.source), record.trace_id ?? '', csvField(record.data), record.prev_hash, record.hash].join(',')}\n`;
  }
  span.users = users.length;
  span.admins = alive.filter((u) => u.roles.includes('admin')).length;
  span.deleted = users.length - alive.length;
}

async function main() {
  const job = JSON.parse(process.argv[2]);
  const started = Date.now();
  const span = { startMs: Date.now() - SPAN_MS - 60_000, loaded: 0 };
  const psql = spawn('psql', [job.databaseUrl, '-v', 'ON_ERROR_STOP=1', '-q', '-c', `COPY audit.audit_log_v1 (${COLUMNS}) FROM STDIN WITH (FORMAT csv)`], {
    stdio: ['pipe', 'ignore', 'pipe'],
  });
  let stderr = '';
  psql.stderr.on('data', (c) => (stderr += c));
  Readable.from(records(job, span)).pipe(psql.stdin);
  const code = await new Promise((r) => psql.once('exit', r));
  if (code !== 0) throw new Error(`COPY failed: ${stderr.slice(0, 1000)}`);
  const seconds = (Date.now() - started) / 1000;
  const result = {
    loaded: span.loaded,
    users: span.users,
    adminsAtEnd: span.admins,
    deleted: span.deleted,
    from: new Date(span.startMs).toISOString(),
    to: new Date(span.startMs + SPAN_MS).toISOString(),
    seconds,
  };
  process.stdout.write(`RESULT ${JSON.stringify(result)}\n`);
}

main().catch((err) => {
  process.stderr.write(`${err.stack}\n`);
  process.exit(1);
});
