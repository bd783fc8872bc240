/**
 * Appends `count` valid hash-chained audit records after `head` with COPY (psql ... FROM STDIN),
 * computed by the same chainNext the audit-service uses, so the loaded log verifies. Records vary in
 * type, actor, subject, outcome and time so every query filter has something to select.
 * argv: JSON { databaseUrl, head: {seq, hash} | null, count, actors, subjects }. Prints RESULT.
 */
const { spawn } = require('node:child_process');
const { randomBytes, randomUUID } = require('node:crypto');
const { Readable } = require('node:stream');
const { lib } = require('../lib/project');

const COLUMNS = 'seq, event_id, type, occurred_at, recorded_at, actor, subject, outcome, source, trace_id, data, prev_hash, hash';
const TYPES = ['LoginSucceeded', 'LoginFailed', 'TokenIssued', 'TokenRevoked', 'PasswordChanged', 'RolesChanged', 'UserRegistered', 'AccountLocked'];

function csvField(value) {
  if (value === null || value === undefined) return '';
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  return `"${text.replace(/"/g, '""')}"`;
}

function* records(job) {
  const { chainNext } = lib('audit-chain');
  const actors = Array.from({ length: job.actors }, () => randomUUID());
  const subjects = Array.from({ length: job.subjects }, () => randomUUID());
  // Spread over the last 30 days, oldest first, as a real log grows.
  const spanMs = 30 * 24 * 3600 * 1000;
  const startMs = Date.now() - spanMs;
  let head = job.head;
  for (let i = 0; i < job.count; i++) {
    const type = TYPES[i % TYPES.length];
    const at = new Date(startMs + Math.floor((i / job.count) * spanMs)).toISOString();
    const failed = type === 'LoginFailed' || type === 'AccountLocked';
    const record = chainNext(head, {
      event_id: randomUUID(),
      type,
      occurred_at: at,
      recorded_at: at,
      actor: { type: 'user', id: actors[i % actors.length] },
      subject: { type: 'user', id: subjects[(i * 7) % subjects.length] },
      outcome: failed ? 'failure' : 'success',
      source: { service: 'bench', ip: '127.0.0.1' },
      trace_id: randomBytes(16).toString('hex'),
      data: failed ? { reason: 'wrong_password', failed_attempts: 1 } : { note: 'bench' },
    });
    head = { seq: record.seq, hash: record.hash };
    yield `${[record.seq, record.event_id, record.type, record.occurred_at, record.recorded_at, csvField(record.actor), csvField(record.subject), record.outcome, csvField(record.source), record.trace_id ?? '', csvField(record.data), record.prev_hash, record.hash].join(',')}\n`;
  }
}

async function main() {
  const job = JSON.parse(process.argv[2]);
  const started = Date.now();
  const psql = spawn('psql', [job.databaseUrl, '-v', 'ON_ERROR_STOP=1', '-q', '-c', `COPY audit.audit_log_v1 (${COLUMNS}) FROM STDIN WITH (FORMAT csv)`], {
    stdio: ['pipe', 'ignore', 'pipe'],
  });
  let stderr = '';
  psql.stderr.on('data', (c) => (stderr += c));
  Readable.from(records(job)).pipe(psql.stdin);
  const code = await new Promise((r) => psql.once('exit', r));
  if (code !== 0) throw new Error(`COPY failed: ${stderr.slice(0, 1000)}`);
  const seconds = (Date.now() - started) / 1000;
  process.stdout.write(`RESULT ${JSON.stringify({ loaded: job.count, seconds, perSecond: job.count / seconds })}\n`);
}

main().catch((err) => {
  process.stderr.write(`${err.stack}\n`);
  process.exit(1);
});
