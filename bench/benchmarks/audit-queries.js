/**
 * 4. Audit queries at sizes.auditRecords records (1,000,000 in a full run), loaded with COPY as a
 * valid hash chain: server-side time of the exact SQL the audit-service runs (its AuditRepository,
 * driven with a capturing data source) under EXPLAIN ANALYZE, for filtered first pages and deep
 * keyset pages; then an export of every record through the gateway with the peak RSS of the
 * processes that stream it. Targets: p95 < 5 ms; export < 30 s with flat memory.
 */
const { join } = require('node:path');
const { Client } = require('pg');
const { judge, summarize } = require('../lib/stats');
const { startChild } = require('../lib/child-process');
const { sampleRss, MB } = require('../lib/memory');
const { app } = require('../lib/project');
const { adminToken } = require('../lib/accounts');

const P95_TARGET_MS = 5;
const EXPORT_TARGET_SECONDS = 30;
const PAGE_LIMIT = 100;
const DAY_MS = 24 * 3600 * 1000;

/**
 * Every statement AuditRepository.range sends for a query (a time-filtered page may send two: it
 * looks at the next records in order first), run on `db` with the rows it gets back, as in the service.
 */
async function statementsOf(db, rangeQuery) {
  const { AuditRepository } = app('audit-service', 'audit/audit.repository');
  const sent = [];
  const repo = new AuditRepository({ query: async (sql, params) => (sent.push({ sql, params }), (await db.query(sql, params)).rows) });
  await repo.range(rangeQuery);
  return sent;
}

/** Server-side time of every statement of one query together, and the shapes of their plans (outermost first). */
async function serverMs(db, statements) {
  let ms = 0;
  const plan = [];
  for (const { sql, params } of statements) {
    const { rows } = await db.query(`EXPLAIN (ANALYZE, FORMAT JSON) ${sql}`, params);
    const explained = rows[0]['QUERY PLAN'][0];
    ms += explained['Planning Time'] + explained['Execution Time'];
    if (plan.length) plan.push('then');
    plan.push(...planShape(explained.Plan));
  }
  return { ms, plan };
}

function planShape(node) {
  const here = `${node['Node Type']}${node['Index Name'] ? ` on ${node['Index Name']}` : ''}${node['Rows Removed by Filter'] ? ` (${node['Rows Removed by Filter']} rows filtered out)` : ''}`;
  return [here, ...(node.Plans ?? []).flatMap(planShape)];
}

async function loadRecords(stack, db, wanted) {
  const head = (await db.query(`SELECT seq, hash FROM audit.audit_log_v1 ORDER BY seq DESC LIMIT 1`)).rows[0];
  const have = head ? Number(head.seq) : 0;
  const count = Math.max(0, wanted - have);
  if (count === 0) return { loaded: 0, seconds: 0 };
  const child = startChild(join(__dirname, '..', 'children', 'audit-chain-copy.js'), [
    JSON.stringify({ databaseUrl: stack.databaseUrl, head: head ? { seq: Number(head.seq), hash: head.hash } : null, count, actors: 2000, subjects: 20000 }),
  ]);
  try {
    const result = await child.waitFor('RESULT', 20 * 60_000);
    // The state autovacuum keeps an append-only table in (audit-service's migrations have it vacuum
    // after every 1 % of inserts): statistics and a current visibility map, which index-only scans need.
    await db.query('VACUUM (ANALYZE) audit.audit_log_v1');
    return result;
  } finally {
    await child.stop();
  }
}

/** Query shapes an auditor's UI sends: filtered first pages and pages deep behind a keyset cursor. */
async function queryCases(db, total) {
  const sample = async () =>
    (await db.query(`SELECT seq, type, actor_id, subject_id, occurred_at FROM audit.audit_log_v1 WHERE seq = $1`, [1 + Math.floor(Math.random() * total)]))
      .rows[0];
  const deepCursor = () => String(1 + Math.floor(Math.random() * total * 0.05) + 200);
  const first = (filters) => ({ ...filters, order: 'desc', limit: PAGE_LIMIT + 1 });
  return [
    ['first page by type', async () => first({ type: (await sample()).type })],
    ['first page by actor', async () => first({ actor_id: (await sample()).actor_id })],
    ['first page by subject', async () => first({ subject_id: (await sample()).subject_id })],
    [
      'first page by outcome in a 1-day window',
      async () => {
        const at = new Date((await sample()).occurred_at).getTime();
        return first({ outcome: 'failure', from: new Date(at - DAY_MS).toISOString(), to: new Date(at).toISOString() });
      },
    ],
    ['deep keyset page (oldest 5 %)', async () => ({ order: 'desc', before: deepCursor(), limit: PAGE_LIMIT + 1 })],
    ['deep keyset page by type', async () => ({ type: (await sample()).type, order: 'desc', before: deepCursor(), limit: PAGE_LIMIT + 1 })],
  ];
}

/** Each case `runs` times with fresh parameters; its spread, an example SQL and the slowest run's plan. */
async function timeCases(db, cases, runs) {
  const results = [];
  for (const [name, make] of cases) {
    await serverMs(db, await statementsOf(db, await make())); // warm the cache for this shape
    const times = [];
    let slowest = { ms: -1 };
    for (let i = 0; i < runs; i++) {
      const run = await serverMs(db, await statementsOf(db, await make()));
      times.push(run.ms);
      if (run.ms > slowest.ms) slowest = run;
    }
    const sql = (await statementsOf(db, await make())).map((st) => st.sql.replace(/\s+/g, ' ')).join(' ; then, if short: ');
    results.push({ name, sql, ms: summarize(times), slowest_plan: slowest.plan });
  }
  return results;
}

async function exportAll(stack, context, deadlineSeconds) {
  context.adminToken ??= await adminToken(stack.baseUrl);
  const sampler = sampleRss({ 'api-gateway': stack.pid('api-gateway'), 'audit-service': stack.pid('audit-service') });
  const started = Date.now();
  const abort = new AbortController();
  const timer = setTimeout(() => abort.abort(), deadlineSeconds * 1000);
  let lines = 0;
  let bytes = 0;
  let complete = false;
  try {
    const res = await fetch(`${stack.baseUrl}/audit/events/export?format=csv`, {
      headers: { authorization: `Bearer ${context.adminToken}` },
      signal: abort.signal,
    });
    if (res.status !== 200) throw new Error(`export answered ${res.status}`);
    for await (const chunk of res.body) {
      bytes += chunk.length;
      // indexOf, not a byte loop: this client shares the cores with the processes it measures (30x less CPU).
      for (let at = chunk.indexOf(10); at !== -1; at = chunk.indexOf(10, at + 1)) lines++;
    }
    complete = true;
  } catch (err) {
    if (!abort.signal.aborted) throw err;
  } finally {
    clearTimeout(timer);
  }
  const seconds = (Date.now() - started) / 1000;
  const rss = sampler.stop();
  // The CSV has a header line; quoted fields hold no raw newlines (JSON escapes them).
  const records = Math.max(0, lines - 1);
  return {
    complete,
    records,
    bytes,
    seconds,
    perSecond: records / seconds,
    rss_mb: Object.fromEntries(Object.entries(rss).map(([k, v]) => [k, { start: v.start / MB, peak: v.peak / MB }])),
  };
}

async function auditQueries(context) {
  const { stack, sizes } = context;
  const db = new Client({ connectionString: stack.databaseUrl });
  await db.connect();
  try {
    // No appends while the chain is extended behind the service's back.
    await stack.stopService('audit-service');
    let load;
    try {
      load = await loadRecords(stack, db, sizes.auditRecords);
    } finally {
      stack.launch('audit-service');
    }
    await stack.waitReady(120_000);
    const total = Number((await db.query(`SELECT max(seq) AS n FROM audit.audit_log_v1`)).rows[0].n);
    const queries = await timeCases(db, await queryCases(db, total), sizes.queryRuns);
    const exported = await exportAll(stack, context, sizes.exportDeadlineSeconds);
    const wholeSeconds = exported.complete ? exported.seconds : total / exported.perSecond;
    const growth = Math.max(...Object.values(exported.rss_mb).map((r) => r.peak - r.start));
    const rows = [
      ...queries.map((c) =>
        judge({
          benchmark: 'audit queries',
          figure: `${c.name} p95 (${total.toLocaleString('en-US')} records)`,
          value: c.ms.p95,
          unit: 'ms',
          op: '<',
          target: P95_TARGET_MS,
        }),
      ),
      judge({
        benchmark: 'audit queries',
        figure: `export all ${total.toLocaleString('en-US')} records (CSV, gateway)${exported.complete ? '' : ' (projected)'}`,
        value: wholeSeconds,
        unit: 's',
        op: '<',
        target: EXPORT_TARGET_SECONDS * (total / 1_000_000),
      }),
      judge({
        benchmark: 'audit queries',
        figure: 'export rate',
        value: exported.perSecond,
        unit: 'rec/s',
        op: '>=',
        target: 1_000_000 / EXPORT_TARGET_SECONDS,
      }),
      judge({ benchmark: 'audit queries', figure: 'export peak RSS growth (gateway, audit-service)', value: growth, unit: 'MB' }),
    ];
    return { rows, details: { records: total, load, queries, export: exported } };
  } finally {
    await db.end();
  }
}

module.exports = { auditQueries };
