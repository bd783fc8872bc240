/**
 * `tr4ction db backup | restore`: a consistent dump of the platform's database, recorded as
 * `DatabaseBackupCompleted` through audit-service; and a checked restore into an empty database.
 */
import { resolve } from 'node:path';
import { Option, type Command } from 'commander';
import { RPC, type OperationRecorded } from '@tr4ction/contracts';
import type { VerifyResult } from '@tr4ction/audit-chain';
import { hasAuditLog, verifyAuditLog } from '../audit/audit-log.reader';
import type { CliContext } from '../framework/cli-context';
import { CliError } from '../framework/cli-error';
import { commandAction, type RunState } from '../framework/command-action';
import type { CommandResult } from '../framework/command-result';
import { toCliError } from '../framework/error-mapping';
import { EXIT } from '../framework/exit-codes';
import { matching } from '../framework/option-parsers';
import { takeBackup } from './database-backup';
import { restoreBackup } from './database-restore';
import { withDatabaseName } from './pg-connection';

interface BackupOptions {
  out?: string;
}

interface RestoreOptions {
  targetDatabase?: string;
  targetUrl?: string;
  createDatabase?: boolean;
  sha256?: string;
}

export function registerDbCommands(program: Command, state: RunState): void {
  const db = program.command('db').description('back up the database (recorded in the audit log) and restore a backup into a new database');

  db.command('backup')
    .description('consistent pg_dump of DATABASE_URL, then a DatabaseBackupCompleted audit record with its size and sha256')
    .option('--out <dir>', 'folder for the dump (default: BACKUP_DIR, else ./backups)')
    .addHelpText(
      'after',
      [
        '',
        'Writes <dir>/tr4ction-<database>-<UTC time>.dump (pg_dump custom format, owner-only) and <file>.sha256.',
        'One snapshot for the whole dump: the services keep running and the file is consistent.',
        'Needs pg_dump of the server’s major version or newer, and the stack (the record goes through audit-service).',
        'Example (cron, daily): npx tr4ction db backup --out /var/backups/tr4ction --operator cron-backup',
      ].join('\n'),
    )
    .action(commandAction<BackupOptions>(state, ({ ctx, opts }) => backup(ctx, opts), { traced: true }));

  db.command('restore')
    .description('restore a dump into an empty database and check it (users, audit chain); never over a database with tables')
    .argument('<file>', 'the .dump file written by `tr4ction db backup`')
    .addOption(
      new Option('--target-database <name>', 'database on the DATABASE_URL server to restore into')
        .argParser(matching(/^[A-Za-z0-9_][A-Za-z0-9_$-]{0,62}$/, 'a database name'))
        .conflicts('targetUrl'),
    )
    .addOption(
      new Option('--target-url <url>', 'restore into another server (prefer --target-database: a URL on the command line is visible to other users)').conflicts(
        'targetDatabase',
      ),
    )
    .option('--create-database', 'create the target database when it does not exist')
    .option(
      '--sha256 <hex>',
      'refuse the file unless its sha256 is this (take it from the DatabaseBackupCompleted record)',
      matching(/^[0-9a-fA-F]{64}$/, '64 hex characters'),
    )
    .addHelpText(
      'after',
      [
        '',
        'Recovery: restore into a NEW database, check the output (users, audit chain), stop the services,',
        'point DATABASE_URL at the new database, start them. See docs/ for the full procedure.',
        'Example: npx tr4ction db restore backups/tr4ction-tr4ction-20260131T020000Z.dump --target-database tr4ction_restored --create-database',
      ].join('\n'),
    )
    .action(commandAction<RestoreOptions>(state, ({ ctx, opts, args }) => restore(ctx, String(args[0]), opts), { traced: true }));
}

async function backup(ctx: CliContext, opts: BackupOptions): Promise<CommandResult> {
  const config = ctx.config();
  const outDir = resolve(ctx.io.cwd, opts.out ?? config.BACKUP_DIR);
  const result = await takeBackup(config.DATABASE_URL, outDir);
  let recorded: OperationRecorded;
  try {
    const rpc = await ctx.rpc();
    recorded = await rpc.send(RPC.ops.backupCompleted, ctx.meta(), {
      database: result.database,
      size_bytes: result.sizeBytes,
      sha256: result.sha256,
      file_name: result.fileName,
    });
  } catch (err) {
    const cause = toCliError(err);
    throw new CliError(
      cause.exitCode,
      `the backup was written to ${result.path} (sha256 ${result.sha256}), but it could not be recorded in the audit log: ${cause.message}`,
      'doctor counts only recorded backups: start the stack (or fix NATS_URL) and run the backup again.',
      cause.code,
    );
  }
  return {
    json: {
      ok: true,
      file: result.path,
      file_name: result.fileName,
      database: result.database,
      size_bytes: result.sizeBytes,
      sha256: result.sha256,
      toc_entries: result.tocEntries,
      event_id: recorded.event_id,
    },
    human: [
      `backup written: ${result.path}`,
      `  database  ${result.database}`,
      `  size      ${result.sizeBytes} bytes (${result.tocEntries} archive entries)`,
      `  sha256    ${result.sha256}  (also in ${result.fileName}.sha256)`,
      `recorded:   DatabaseBackupCompleted ${recorded.event_id}${ctx.traceId ? ` (trace ${ctx.traceId})` : ''}`,
    ],
  };
}

async function restore(ctx: CliContext, file: string, opts: RestoreOptions): Promise<CommandResult> {
  if (!opts.targetDatabase && !opts.targetUrl) throw new CliError(EXIT.USAGE, 'say where to restore: --target-database <name> (or --target-url <url>)');
  const config = ctx.config();
  const targetUrl = opts.targetUrl ?? withDatabaseName(config.DATABASE_URL, opts.targetDatabase as string);
  const outcome = await restoreBackup({
    file: resolve(ctx.io.cwd, file),
    targetUrl,
    createDatabase: opts.createDatabase === true,
    expectedSha256: opts.sha256,
    connect: (url) => ctx.db(url),
  });

  const restored = await ctx.db(targetUrl);
  const users = await restored
    .query<{ n: string }>(`SELECT count(*) AS n FROM users.users_v1`)
    .then((r) => Number(r.rows[0].n))
    .catch(() => null);
  const audit: VerifyResult | null = (await hasAuditLog(restored)) ? await verifyAuditLog(restored) : null;

  // The restore is done whatever happens next; in a disaster the services may well be down, so the
  // record is attempted and its absence reported, not turned into a failure of the restore.
  let recorded: OperationRecorded | undefined;
  let notRecorded: string | undefined;
  try {
    const rpc = await ctx.rpc();
    recorded = await rpc.send(RPC.ops.restoreCompleted, ctx.meta(), {
      target_database: outcome.targetDatabase,
      sha256: outcome.sha256,
      file_name: outcome.fileName,
    });
  } catch (err) {
    notRecorded = toCliError(err).message;
  }

  const chainBroken = audit !== null && !audit.ok;
  const human = [
    `restored ${outcome.fileName} into database ${outcome.targetDatabase}${outcome.created ? ' (created)' : ''}`,
    `  sha256    ${outcome.sha256}${outcome.checksumFile === 'matched' ? ' (matches its .sha256 file)' : ''}${opts.sha256 ? ' (matches --sha256)' : ''}`,
    `  size      ${outcome.sizeBytes} bytes (${outcome.tocEntries} archive entries)`,
    `  users     ${users ?? 'no users table in this dump'}`,
    `  audit     ${audit === null ? 'no audit log in this dump' : audit.ok ? `chain verifies: ${audit.checked} records, head seq ${audit.head?.seq ?? 0} ${audit.head?.hash ?? ''}` : `CHAIN BROKEN at seq ${audit.first_bad_seq ?? '?'} (${audit.reason ?? 'unknown'}): ${audit.checked} records vouched for`}`,
    recorded
      ? `recorded:   DatabaseRestored ${recorded.event_id}${ctx.traceId ? ` (trace ${ctx.traceId})` : ''}`
      : `not recorded in the audit log (${notRecorded}); note the restore in your incident log`,
  ];
  if (chainBroken) human.push('The restored audit log does not verify: do not put this database in service; use an older backup and report it.');
  return {
    json: {
      ok: !chainBroken,
      file_name: outcome.fileName,
      sha256: outcome.sha256,
      size_bytes: outcome.sizeBytes,
      target_database: outcome.targetDatabase,
      created: outcome.created,
      checksum_file: outcome.checksumFile,
      users,
      audit,
      event_id: recorded?.event_id ?? null,
      ...(notRecorded ? { not_recorded: notRecorded } : {}),
    },
    human,
    exitCode: chainBroken ? EXIT.FAILED : EXIT.OK,
  };
}
