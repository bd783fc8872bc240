/** Runs pg_dump / pg_restore as child processes; a missing binary is "unavailable" (69), with what to install. */
import { spawn } from 'node:child_process';
import { CliError } from '../framework/cli-error';
import { EXIT } from '../framework/exit-codes';
import { maskCredentials } from '../framework/error-mapping';

export interface PgToolResult {
  code: number;
  stdout: string;
  stderr: string;
}

const KEEP = 64 * 1024;

export function runPgTool(tool: 'pg_dump' | 'pg_restore', args: string[], env: Record<string, string>, collectStdout = false): Promise<PgToolResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(tool, args, { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...env, PGAPPNAME: 'tr4ction-cli', PGCONNECT_TIMEOUT: '10' } });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => {
      if (collectStdout) stdout += d;
    });
    child.stderr.setEncoding('utf8').on('data', (d: string) => {
      if (stderr.length < KEEP) stderr += d;
    });
    child.once('error', (err: NodeJS.ErrnoException) => {
      if (err.code === 'ENOENT') {
        reject(
          new CliError(
            EXIT.UNAVAILABLE,
            `${tool} is not installed or not on PATH`,
            'Install the PostgreSQL client tools of the server’s major version or newer (Debian: postgresql-client).',
          ),
        );
      } else reject(err);
    });
    child.once('close', (code) => resolve({ code: code ?? 1, stdout, stderr: maskCredentials(stderr) }));
  });
}

/** The last lines of a tool's stderr: what an operator needs to see when it failed. */
export function lastLines(text: string, n = 3): string {
  return text.trim().split('\n').slice(-n).join(' | ');
}
