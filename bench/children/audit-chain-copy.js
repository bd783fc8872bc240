/**
 * Appends `count` valid hash-chained audit records after `head` with COPY (psql ... FROM STDIN)
 * (lib/audit-records.js: computed by the audit-service's own chainNext, so the loaded log verifies).
 * argv: JSON { databaseUrl, head: {seq, hash} | null, count, actors, subjects }. Prints RESULT.
 */
const { spawn } = require('node:child_process');
const { Readable } = require('node:stream');
const { auditRecords, COLUMNS } = require('../lib/audit-records');

function csvField(value) {
  if (value === null || value === undefined) return '';
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  return `"${text.replace(/"/g, '""')}"`;
}

function* csvLines(job) {
  for (const record of auditRecords(job)) {
    // JSON columns quoted; null (no trace id, the first prev_hash) is an empty field, as join writes it.
    yield `${COLUMNS.map((column) => (typeof record[column] === 'object' && record[column] !== null ? csvField(record[column]) : record[column])).join(',')}\n`;
  }
}

async function main() {
  const job = JSON.parse(process.argv[2]);
  const started = Date.now();
  const psql = spawn(
    'psql',
    [job.databaseUrl, '-v', 'ON_ERROR_STOP=1', '-q', '-c', `COPY audit.audit_log_v1 (${COLUMNS.join(', ')}) FROM STDIN WITH (FORMAT csv)`],
    {
      stdio: ['pipe', 'ignore', 'pipe'],
    },
  );
  let stderr = '';
  psql.stderr.on('data', (c) => (stderr += c));
  Readable.from(csvLines(job)).pipe(psql.stdin);
  const code = await new Promise((r) => psql.once('exit', r));
  if (code !== 0) throw new Error(`COPY failed: ${stderr.slice(0, 1000)}`);
  const seconds = (Date.now() - started) / 1000;
  process.stdout.write(`RESULT ${JSON.stringify({ loaded: job.count, seconds, perSecond: job.count / seconds })}\n`);
}

main().catch((err) => {
  process.stderr.write(`${err.stack}\n`);
  process.exit(1);
});
