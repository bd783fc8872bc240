/**
 * Hash-chained audit records as the audit-service would project them, computed by its own chainNext
 * after `head`: the loaders of the bench (COPY, raw batched INSERT) use them, so what they load
 * verifies. Records vary in type, actor, subject, outcome and time, spread over the last 30 days,
 * oldest first, so every query filter has something to select.
 */
const { randomBytes, randomUUID } = require('node:crypto');
const { lib } = require('./project');

const COLUMNS = ['seq', 'event_id', 'type', 'occurred_at', 'recorded_at', 'actor', 'subject', 'outcome', 'source', 'trace_id', 'data', 'prev_hash', 'hash'];
const TYPES = ['LoginSucceeded', 'LoginFailed', 'TokenIssued', 'TokenRevoked', 'PasswordChanged', 'RolesChanged', 'UserRegistered', 'AccountLocked'];

/** job: { head: {seq, hash} | null, count, actors, subjects }. Yields records with every column of COLUMNS. */
function* auditRecords(job) {
  const { chainNext } = lib('audit-chain');
  const actors = Array.from({ length: job.actors }, () => randomUUID());
  const subjects = Array.from({ length: job.subjects }, () => randomUUID());
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
    yield record;
  }
}

module.exports = { auditRecords, COLUMNS };
