/**
 * Runs the built `tr4ction` CLI as a child process, the way an operator runs it, with only the
 * environment a test gives it (plus PATH and HOME, for pg_dump and git).
 */
import { spawn } from 'node:child_process';
import { join, resolve } from 'node:path';
import type { ServiceStack } from '@tr4ction/testing';

export const ROOT = resolve(__dirname, '..', '..');
export const CLI_MAIN = join(ROOT, 'dist', 'apps', 'cli', 'src', 'main.js');
const REGISTER_PATHS = join(ROOT, 'tools', 'runtime', 'register-paths.js');

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
  /** stdout parsed as the one JSON document of `--json`. */
  json<T = Record<string, unknown>>(): T;
}

export interface CliRunOptions {
  env?: Record<string, string>;
  cwd?: string;
  input?: string;
  timeoutMs?: number;
}

export function runCli(args: string[], options: CliRunOptions = {}): Promise<CliRun> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, ['-r', REGISTER_PATHS, CLI_MAIN, ...args], {
      cwd: options.cwd ?? ROOT,
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', LOG_LEVEL: 'silent', ...options.env },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString('utf8')));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString('utf8')));
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 120_000);
    child.once('error', reject);
    child.once('close', (code, signal) => {
      clearTimeout(timer);
      resolvePromise({
        code: code ?? (signal ? 128 : 1),
        stdout,
        stderr,
        json: <T>() => {
          try {
            return JSON.parse(stdout) as T;
          } catch {
            throw new Error(`stdout is not JSON (exit ${code}): ${stdout.slice(0, 500)} / stderr: ${stderr.slice(0, 500)}`);
          }
        },
      });
    });
    child.stdin.end(options.input ?? '');
  });
}

/** What the CLI needs to reach a test stack: its NATS and its database. */
export function stackEnv(stack: ServiceStack, extra: Record<string, string> = {}): Record<string, string> {
  return { ...stack.nats.env('cli'), DATABASE_URL: stack.databaseUrl, ...extra };
}
