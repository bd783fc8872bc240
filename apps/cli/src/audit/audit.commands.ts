/**
 * `tr4ction audit verify | export`: the hash chain checked by audit-service (or, for a restored
 * copy no service serves, read straight from that database), and every matching record as CSV or
 * NDJSON. Both reads go through audit-service, which audits them in turn (AuditLogQueried).
 */
import { createWriteStream } from 'node:fs';
import { rename, rm } from 'node:fs/promises';
import { dirname, basename, join, resolve } from 'node:path';
import { Option, type Command } from 'commander';
import { RPC } from '@tr4ction/contracts';
import type { VerifyResult } from '@tr4ction/audit-chain';
import type { CliContext } from '../framework/cli-context';
import { CliError } from '../framework/cli-error';
import { commandAction, type RunState } from '../framework/command-action';
import type { CommandResult } from '../framework/command-result';
import { EXIT } from '../framework/exit-codes';
import { integerBetween, isoTimestamp, matching } from '../framework/option-parsers';
import { withDatabaseName } from '../db/pg-connection';
import { exportAudit, type AuditFilters } from './audit-export';
import { EXPORT_FORMATS, type ExportFormat } from './audit-format';
import { hasAuditLog, verifyAuditLog } from './audit-log.reader';

/** Walking a long chain takes a while; the gateway allows the same. */
const VERIFY_TIMEOUT_MS = 120_000;

interface VerifyOptions {
  database?: string;
}

interface ExportOptions {
  format: ExportFormat;
  out?: string;
  type?: string;
  actorId?: string;
  subjectId?: string;
  outcome?: 'success' | 'failure';
  from?: string;
  to?: string;
  traceId?: string;
  pageSize: number;
}

export function registerAuditCommands(program: Command, state: RunState): void {
  const audit = program.command('audit').description('verify the hash-chained audit log; export records as CSV or NDJSON');

  audit
    .command('verify')
    .description('walk the audit hash chain (through audit-service); exit 1 if any record was changed, removed or reordered')
    .option(
      '--database <name>',
      'verify the audit log of this database on the DATABASE_URL server directly, without the services (e.g. a restored backup)',
      matching(/^[A-Za-z0-9_][A-Za-z0-9_$-]{0,62}$/, 'a database name'),
    )
    .action(commandAction<VerifyOptions>(state, ({ ctx, opts }) => verify(ctx, opts), { traced: true }));

  audit
    .command('export')
    .description('every audit record matching the filters, newest first, as CSV or NDJSON, to stdout or --out')
    .addOption(new Option('--format <format>', 'csv (spreadsheets) or ndjson (exact records)').choices(EXPORT_FORMATS).makeOptionMandatory())
    .option('--out <file>', 'write to this file (written whole or not at all) instead of stdout')
    .option('--type <type>', 'event type, e.g. LoginFailed', matching(/^[A-Za-z]{1,64}$/, 'an event type name'))
    .option(
      '--actor-id <id>',
      'who acted (a user id, a service account, or an operator for type cli)',
      matching(/^[\x20-\x7e]{1,128}$/, 'printable text up to 128 characters'),
    )
    .option('--subject-id <id>', 'what it acted on', matching(/^[\x20-\x7e]{1,128}$/, 'printable text up to 128 characters'))
    .addOption(new Option('--outcome <outcome>', 'success or failure').choices(['success', 'failure']))
    .option('--from <time>', 'occurred at or after (ISO 8601)', isoTimestamp)
    .option('--to <time>', 'occurred before (ISO 8601)', isoTimestamp)
    .option('--trace-id <id>', 'W3C trace id (32 hex)', matching(/^[0-9a-f]{32}$/, '32 lowercase hex characters'))
    .option('--page-size <n>', 'records per request to audit-service', integerBetween(1, 1000), 1000)
    .addHelpText(
      'after',
      [
        '',
        'Records come newest first. Each page read is itself audited (AuditLogQueried). Without --out the',
        'records go to stdout and the summary (JSON too, under --json) to stderr.',
        '',
        'Examples:',
        '  npx tr4ction audit export --format csv --type LoginFailed --from 2026-01-01T00:00:00Z --out failed-logins.csv',
        '  npx tr4ction audit export --format ndjson --actor-id alice | jq .type',
      ].join('\n'),
    )
    .action(commandAction<ExportOptions>(state, ({ ctx, opts }) => exportRecords(ctx, opts), { traced: true }));
}

async function verify(ctx: CliContext, opts: VerifyOptions): Promise<CommandResult> {
  let result: VerifyResult;
  let where: string;
  if (opts.database) {
    const db = await ctx.db(withDatabaseName(ctx.config().DATABASE_URL, opts.database));
    if (!(await hasAuditLog(db))) throw new CliError(EXIT.DATA_ERROR, `database ${opts.database} has no audit log (audit.audit_log_v1)`);
    result = await verifyAuditLog(db);
    where = `database ${opts.database}, read directly`;
  } else {
    const rpc = await ctx.rpc();
    result = await rpc.send(RPC.audit.verify, ctx.meta(), {}, VERIFY_TIMEOUT_MS);
    where = 'audit-service';
  }
  const head = result.head ? `head seq ${result.head.seq} ${result.head.hash}` : 'empty log';
  if (result.ok) {
    return { json: { ...result, source: where }, human: [`audit chain verifies: ${result.checked} records, ${head} (${where})`] };
  }
  return {
    json: { ...result, source: where },
    human: [
      `AUDIT CHAIN BROKEN at seq ${result.first_bad_seq ?? '?'}: ${result.reason ?? 'unknown reason'} (${where})`,
      `  records 1..${result.checked} still verify (${head})`,
      '  Do not trust records from that seq on. Take a backup now (`tr4ction db backup`) to preserve the evidence,',
      '  then compare with the last good backup (`tr4ction db restore ... && tr4ction audit verify --database ...`).',
    ],
    exitCode: EXIT.FAILED,
  };
}

async function exportRecords(ctx: CliContext, opts: ExportOptions): Promise<CommandResult> {
  const filters: AuditFilters = {
    ...(opts.type ? { type: opts.type } : {}),
    ...(opts.actorId ? { actor_id: opts.actorId } : {}),
    ...(opts.subjectId ? { subject_id: opts.subjectId } : {}),
    ...(opts.outcome ? { outcome: opts.outcome } : {}),
    ...(opts.from ? { from: opts.from } : {}),
    ...(opts.to ? { to: opts.to } : {}),
    ...(opts.traceId ? { trace_id: opts.traceId } : {}),
  };
  const rpc = await ctx.rpc();
  const fetchPage = (query: AuditFilters & { cursor?: string; limit: number }) => rpc.send(RPC.audit.query, ctx.meta(), query);

  if (!opts.out) {
    const { records, pages } = await exportAudit(fetchPage, filters, opts.format, ctx.io.stdout, opts.pageSize);
    return { json: { ok: true, format: opts.format, records, pages, filters }, human: [`exported ${records} records (${opts.format})`], stream: 'stderr' };
  }

  const target = resolve(ctx.io.cwd, opts.out);
  const partial = join(dirname(target), `.${basename(target)}.partial`);
  const file = createWriteStream(partial, { mode: 0o600 });
  let fileError: Error | undefined;
  file.on('error', (err) => (fileError ??= err));
  try {
    const { records, pages } = await exportAudit(fetchPage, filters, opts.format, file, opts.pageSize);
    await new Promise<void>((done, fail) => file.end((err?: Error | null) => (err ? fail(err) : done())));
    if (fileError) throw fileError;
    await rename(partial, target);
    return {
      json: { ok: true, format: opts.format, records, pages, filters, file: target },
      human: [`exported ${records} records (${opts.format}) to ${target}`],
    };
  } catch (err) {
    file.destroy();
    await rm(partial, { force: true });
    throw err;
  }
}
