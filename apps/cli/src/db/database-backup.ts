/**
 * A consistent dump of the whole database: pg_dump reads every table inside one transaction with
 * one snapshot, so the users, their credentials and the audit chain in the file are from the same
 * instant, while the services keep running. Custom format (-Fc): compressed, and restorable table
 * by table with pg_restore. The file is written under a temporary name, made owner-only (it holds
 * password hashes), checked readable with `pg_restore --list`, and only then given its final name,
 * next to a `sha256sum`-style checksum file.
 */
import { chmod, mkdir, open, rename, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { CliError } from '../framework/cli-error';
import { EXIT } from '../framework/exit-codes';
import { checksumLine, fileDigest } from './file-digest';
import { pgTarget } from './pg-connection';
import { lastLines, runPgTool } from './pg-tool.runner';

export interface BackupResult {
  path: string;
  fileName: string;
  database: string;
  sizeBytes: number;
  sha256: string;
  tocEntries: number;
}

/** `20260131T235959Z`: sorts by time and needs no quoting anywhere. */
export function backupStamp(now: Date): string {
  return now
    .toISOString()
    .replace(/\.\d{3}Z$/, 'Z')
    .replace(/[-:]/g, '');
}

export function backupFileName(database: string, now: Date): string {
  return `tr4ction-${database}-${backupStamp(now)}.dump`;
}

export async function takeBackup(databaseUrl: string, outDir: string, now = new Date()): Promise<BackupResult> {
  const target = pgTarget(databaseUrl);
  await mkdir(outDir, { recursive: true, mode: 0o700 }).catch((err: NodeJS.ErrnoException) => {
    throw new CliError(EXIT.IO_ERROR, `cannot create the backup folder ${outDir}: ${err.code ?? err.message}`);
  });
  const fileName = backupFileName(target.database, now);
  const path = join(outDir, fileName);
  if (await exists(path)) throw new CliError(EXIT.IO_ERROR, `${path} already exists`, 'Wait a second and run it again, or choose another --out.');
  const partial = join(outDir, `.${fileName}.partial`);
  try {
    // Created owner-only before pg_dump writes a byte of it.
    await (await open(partial, 'w', 0o600)).close();
    const dump = await runPgTool(
      'pg_dump',
      ['--format=custom', `--file=${partial}`, '--no-password', '--lock-wait-timeout=60000', `--dbname=${target.dbname}`],
      target.env,
    );
    if (dump.code !== 0)
      throw new CliError(
        EXIT.UNAVAILABLE,
        `pg_dump failed: ${lastLines(dump.stderr)}`,
        'Check DATABASE_URL, that Postgres is up, and that pg_dump is at least the server’s major version.',
      );
    await chmod(partial, 0o600);
    const tocEntries = await countTocEntries(partial);
    const { sha256, sizeBytes } = await fileDigest(partial);
    await fsync(partial);
    await rename(partial, path);
    await writeFile(`${path}.sha256`, checksumLine(sha256, fileName), { mode: 0o600 });
    return { path, fileName, database: target.database, sizeBytes, sha256, tocEntries };
  } finally {
    await rm(partial, { force: true });
  }
}

/** Entries in a dump's table of contents; throws (65) when pg_restore cannot read it as a dump. */
export async function countTocEntries(file: string): Promise<number> {
  const list = await runPgTool('pg_restore', ['--list', file], {}, true);
  if (list.code !== 0) throw new CliError(EXIT.DATA_ERROR, `not a readable pg_dump archive: ${lastLines(list.stderr)}`);
  return list.stdout.split('\n').filter((l) => l.trim() && !l.startsWith(';')).length;
}

async function exists(path: string): Promise<boolean> {
  return stat(path).then(
    () => true,
    () => false,
  );
}

async function fsync(path: string): Promise<void> {
  const handle = await open(path, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}
