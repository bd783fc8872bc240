/**
 * Restores a dump into an EMPTY database (created on request), never over a live one: replacing
 * production is "restore into a new database, check it, then point DATABASE_URL at it" (docs/).
 * The dump's checksum is checked first, against the value recorded in the audit log when given
 * (`--sha256`) and against the checksum file written beside it. pg_restore runs in one transaction:
 * a failure leaves the target as empty as it was.
 */
import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import type { Client } from 'pg';
import { CliError } from '../framework/cli-error';
import { EXIT } from '../framework/exit-codes';
import { countTocEntries } from './database-backup';
import { fileDigest, parseChecksumFile } from './file-digest';
import { pgTarget } from './pg-connection';
import { lastLines, runPgTool } from './pg-tool.runner';

export interface RestoreInput {
  file: string;
  targetUrl: string;
  createDatabase: boolean;
  expectedSha256?: string;
  /** Opens a connection (the CLI context's, so it is closed with the command). */
  connect: (url: string) => Promise<Client>;
}

export interface RestoreOutcome {
  fileName: string;
  sha256: string;
  sizeBytes: number;
  targetDatabase: string;
  created: boolean;
  tocEntries: number;
  checksumFile: 'matched' | 'absent';
}

export async function restoreBackup(input: RestoreInput): Promise<RestoreOutcome> {
  const fileName = basename(input.file);
  const { sha256, sizeBytes } = await fileDigest(input.file).catch((err: NodeJS.ErrnoException) => {
    throw new CliError(EXIT.IO_ERROR, `cannot read ${input.file}: ${err.code ?? err.message}`);
  });
  if (input.expectedSha256 && input.expectedSha256.toLowerCase() !== sha256) {
    throw new CliError(
      EXIT.DATA_ERROR,
      `${fileName} does not match the expected sha256 (it is ${sha256})`,
      'Use the file the DatabaseBackupCompleted record names; a changed dump must not be restored.',
    );
  }
  const sidecar = await readFile(`${input.file}.sha256`, 'utf8').then(parseChecksumFile, () => undefined);
  if (sidecar !== undefined && sidecar !== sha256) {
    throw new CliError(
      EXIT.DATA_ERROR,
      `${fileName} does not match its checksum file ${fileName}.sha256`,
      'The dump changed after it was written; find an intact copy.',
    );
  }
  const tocEntries = await countTocEntries(input.file);

  const target = pgTarget(input.targetUrl);
  const created = input.createDatabase ? await createDatabase(input, target.database) : false;
  const db = await input.connect(input.targetUrl);
  const { rows } = await db.query<{ n: string }>(
    `SELECT count(*) AS n FROM pg_class c JOIN pg_namespace s ON s.oid = c.relnamespace WHERE c.relkind IN ('r', 'p', 'v', 'm', 'S') AND s.nspname NOT IN ('pg_catalog', 'information_schema', 'pg_toast')`,
  );
  if (Number(rows[0].n) > 0) {
    throw new CliError(
      EXIT.NO_PERMISSION,
      `database ${target.database} is not empty: refusing to restore over it`,
      'Restore into a new database (--target-database NEW --create-database), check it, then point DATABASE_URL at it.',
    );
  }
  const restore = await runPgTool(
    'pg_restore',
    ['--no-owner', '--no-privileges', '--exit-on-error', '--single-transaction', '--no-password', `--dbname=${target.dbname}`, input.file],
    target.env,
  );
  if (restore.code !== 0) throw new CliError(EXIT.FAILED, `pg_restore failed (nothing was restored): ${lastLines(restore.stderr)}`);
  return { fileName, sha256, sizeBytes, targetDatabase: target.database, created, tocEntries, checksumFile: sidecar === undefined ? 'absent' : 'matched' };
}

async function createDatabase(input: RestoreInput, name: string): Promise<boolean> {
  const admin = new URL(input.targetUrl);
  admin.pathname = '/postgres';
  const db = await input.connect(admin.toString());
  const found = await db.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
  if (found.rowCount) return false;
  await db.query(`CREATE DATABASE "${name.replace(/"/g, '""')}"`);
  return true;
}
