/**
 * How big and how long each benchmark runs: the full run the targets speak of, and a quick smoke
 * run (BENCH_QUICK=1 or --quick) with small sizes. Every phase is bounded in count and time.
 */
const FULL = {
  mode: 'full',
  loginSeconds: 20,
  ceilingSeconds: 10,
  meSeconds: 15,
  meConnections: 64,
  mfaAccounts: 200,
  lagRate: 1000,
  lagSeconds: 15,
  backlogEvents: 1_000_000,
  rawInsertRecords: 200_000,
  drainDeadlineSeconds: 130,
  auditRecords: 1_000_000,
  queryRuns: 60,
  exportDeadlineSeconds: 75,
  idleSettleSeconds: 5,
  pitRecords: 1_000_000,
  pitUsers: 100_000,
  pitQueries: 200,
};

const QUICK = {
  mode: 'quick',
  loginSeconds: 8,
  ceilingSeconds: 3,
  meSeconds: 6,
  meConnections: 32,
  mfaAccounts: 16,
  lagRate: 1000,
  lagSeconds: 4,
  backlogEvents: 20_000,
  rawInsertRecords: 20_000,
  drainDeadlineSeconds: 45,
  auditRecords: 50_000,
  queryRuns: 20,
  exportDeadlineSeconds: 30,
  idleSettleSeconds: 2,
  pitRecords: 50_000,
  pitUsers: 5_000,
  pitQueries: 40,
};

const positiveInteger = (value) => (Number.isInteger(Number(value)) && Number(value) > 0 ? Number(value) : undefined);

/**
 * BENCH_AUDIT_RECORDS sets the audit log's size for `audit-queries` in either mode (a quick run of
 * the export at full size, without the other full-size phases); the export's deadline grows with it.
 * BENCH_BACKLOG_EVENTS sets the drain's backlog for `audit-projection` likewise (a drain long enough
 * to profile, without the full run's million).
 */
function sizes(argv = process.argv, env = process.env) {
  const quick = argv.includes('--quick') || env.BENCH_QUICK === '1';
  let chosen = quick ? QUICK : FULL;
  const records = positiveInteger(env.BENCH_AUDIT_RECORDS);
  if (records) chosen = { ...chosen, auditRecords: records, exportDeadlineSeconds: Math.max(chosen.exportDeadlineSeconds, Math.ceil(records / 5_000)) };
  const backlog = positiveInteger(env.BENCH_BACKLOG_EVENTS);
  if (backlog) chosen = { ...chosen, backlogEvents: backlog, drainDeadlineSeconds: Math.max(chosen.drainDeadlineSeconds, Math.ceil(backlog / 2_000)) };
  return chosen;
}

module.exports = { sizes, FULL, QUICK };
