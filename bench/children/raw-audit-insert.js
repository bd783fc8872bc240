/**
 * The physical limit of the projection's writes: `count` hash-chained audit records (lib/audit-records.js,
 * the service's own chainNext) inserted by the service's own multi-row INSERT (AuditRepository.insertMany)
 * in batches of the projection's size (MAX_APPEND_BATCH), one transaction each, into a scratch copy
 * of the log's table (same columns, defaults, generated columns and indexes), then dropped. No bus,
 * no inbox, no signatures: what a projection could reach if it did nothing but write.
 * argv: JSON { databaseUrl, count }. Prints RESULT { inserted, seconds, perSecond }.
 */
const { Client } = require('pg');
const { app } = require('../lib/project');
const { auditRecords } = require('../lib/audit-records');

const SCRATCH = 'bench_raw.audit_log_v1';

async function main() {
  const job = JSON.parse(process.argv[2]);
  const { AuditRepository } = app('audit-service', 'audit/audit.repository');
  const { MAX_APPEND_BATCH } = app('audit-service', 'audit/audit-projection.service');
  const client = new Client({ connectionString: job.databaseUrl });
  await client.connect();
  try {
    await client.query(`DROP SCHEMA IF EXISTS bench_raw CASCADE; CREATE SCHEMA bench_raw; CREATE TABLE ${SCRATCH} (LIKE audit.audit_log_v1 INCLUDING ALL)`);
    // The repository's statement, aimed at the scratch table: an EntityManager's query() is all it uses.
    const manager = { query: async (sql, params) => (await client.query(sql.replaceAll('audit.audit_log_v1', SCRATCH), params)).rows };
    const repository = new AuditRepository(undefined);
    const records = auditRecords({ head: null, count: job.count, actors: 1000, subjects: 1000 });
    const started = process.hrtime.bigint();
    let batch = [];
    const flush = async () => {
      await client.query('BEGIN');
      await repository.insertMany(manager, batch);
      await client.query('COMMIT');
      batch = [];
    };
    for (const record of records) {
      batch.push(record);
      if (batch.length === MAX_APPEND_BATCH) await flush();
    }
    if (batch.length) await flush();
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    process.stdout.write(`RESULT ${JSON.stringify({ inserted: job.count, seconds, perSecond: job.count / seconds, batch: MAX_APPEND_BATCH })}\n`);
  } finally {
    await client.query('DROP SCHEMA IF EXISTS bench_raw CASCADE').catch(() => undefined);
    await client.end();
  }
}

main().catch((err) => {
  process.stderr.write(`${err.stack}\n`);
  process.exit(1);
});
