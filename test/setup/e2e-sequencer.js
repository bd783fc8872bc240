// Runs the longest e2e suites first. With two workers the run ends when its longest suite ends:
// a two-minute suite started last would leave one worker idle for its whole length. Jest's own
// order uses timings cached from earlier runs, which a clean clone (CI) does not have.
'use strict';

const Sequencer = require('@jest/test-sequencer').default;

/**
 * Each suite's wall time in seconds, measured in one e2e stage at two workers on a quiet two-core
 * machine (2026-12-06, 44 suites, 610 s for the stage; point-in-time and edge-abuse again on
 * 2026-12-07 after their waits were shortened). Only the order matters: a busy machine
 * stretches them all. A suite missing here runs first, since nothing says it is short.
 */
const MEASURED_SECONDS = {
  'point-in-time': 101,
  cluster: 86,
  durability: 67,
  'console-admin': 67,
  'key-rotation': 47,
  'edge-abuse': 54,
  'audit-trail': 75,
  'crash-consistency': 46,
  'oversized-body': 45,
  'identity-lockout': 44,
  'identity-rate-limit': 37,
  'cli-recovery': 34,
  'identity-policy': 29,
  'key-rotation-under-traffic': 28,
  'audit-heavy-reads': 28,
  'console-mfa': 25,
  'service-account-rotation-crash': 24,
  'runbook-hs256': 23,
  sessions: 21,
  'cli-ops': 21,
  'identity-admin': 19,
  'db-password-rotation': 19,
  'admin-reads': 18,
  'master-key-rotation': 17,
  'service-account-store-rotation': 17,
  'console-passkey': 16,
  'cli-doctor': 15,
  scopes: 15,
  'token-security': 14,
  'rpc-proof': 14,
  'bus-security': 14,
  'register-flow': 14,
  mfa: 13,
  'admin-settings': 13,
  'key-rotation-runtime-ttl': 13,
  'management-port': 12,
  observability: 11,
  pgbouncer: 11,
  'oauth-interop': 10,
  'database-roles': 10,
  'forged-events': 10,
  idempotency: 8,
  'config-validation': 7,
  'cli-secrets': 6,
};

function measuredSeconds(path) {
  const name = path
    .split('/')
    .pop()
    .replace(/\.e2e-spec\.ts$/, '');
  return MEASURED_SECONDS[name] ?? Infinity;
}

class LongestFirstSequencer extends Sequencer {
  sort(tests) {
    // Jest's order (by cached duration, else file size) among suites measured alike.
    const base = super.sort(tests);
    const position = new Map(base.map((t, i) => [t.path, i]));
    return [...base].sort((a, b) => measuredSeconds(b.path) - measuredSeconds(a.path) || position.get(a.path) - position.get(b.path));
  }
}

module.exports = LongestFirstSequencer;
