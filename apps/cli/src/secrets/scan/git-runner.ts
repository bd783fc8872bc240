/**
 * Git as a child process, hardened for scanning repositories one did not write: no external diff
 * drivers, no textconv filters, no fsmonitor hook, paths printed verbatim. Output is streamed line
 * by line, so a long history is scanned in constant memory.
 */
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { CliError } from '../../framework/cli-error';
import { EXIT } from '../../framework/exit-codes';

const SAFE_CONFIG = ['-c', 'core.fsmonitor=false', '-c', 'core.quotePath=false', '-c', 'core.pager=cat'];

export function gitArgs(cwd: string, args: string[]): string[] {
  return ['-C', cwd, ...SAFE_CONFIG, ...args];
}

/** Every line git prints (decoded as UTF-8); throws after the last line if git failed. */
export async function* gitLines(cwd: string, args: string[]): AsyncGenerator<string> {
  const child = spawn('git', gitArgs(cwd, args), { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, GIT_TERMINAL_PROMPT: '0', GIT_PAGER: 'cat' } });
  let stderr = '';
  child.stderr.setEncoding('utf8');
  child.stderr.on('data', (d: string) => {
    if (stderr.length < 4000) stderr += d;
  });
  const exited = new Promise<{ code: number | null; error?: NodeJS.ErrnoException }>((resolve) => {
    child.once('error', (error: NodeJS.ErrnoException) => resolve({ code: null, error }));
    child.once('close', (code) => resolve({ code }));
  });
  const lines = createInterface({ input: child.stdout, crlfDelay: Infinity });
  try {
    for await (const line of lines) yield line;
  } finally {
    if (child.exitCode === null) child.kill();
  }
  const { code, error } = await exited;
  if (error?.code === 'ENOENT') throw new CliError(EXIT.UNAVAILABLE, 'git is not installed or not on PATH', 'Install git to scan a repository or its history.');
  if (error) throw error;
  if (code !== 0) throw new CliError(EXIT.UNAVAILABLE, `git ${args[0]} failed: ${stderr.trim().split('\n').slice(-2).join(' ') || `exit ${code}`}`);
}

/** Whether `dir` lies inside a git work tree (false when git is missing, too). */
export async function isGitWorkTree(dir: string): Promise<boolean> {
  try {
    for await (const line of gitLines(dir, ['rev-parse', '--is-inside-work-tree'])) return line.trim() === 'true';
  } catch {
    return false;
  }
  return false;
}

/** NUL-separated output (paths that may hold newlines), collected. */
export function gitNulList(cwd: string, args: string[]): Promise<string[]> {
  return new Promise((resolve, reject) => {
    const child = spawn('git', gitArgs(cwd, args), { stdio: ['ignore', 'pipe', 'pipe'] });
    const chunks: Buffer[] = [];
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => chunks.push(c));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString('utf8').slice(0, 2000)));
    child.once('error', (err: NodeJS.ErrnoException) =>
      reject(err.code === 'ENOENT' ? new CliError(EXIT.UNAVAILABLE, 'git is not installed or not on PATH') : err),
    );
    child.once('close', (code) => {
      if (code !== 0) return reject(new CliError(EXIT.UNAVAILABLE, `git ${args[0]} failed: ${stderr.trim() || `exit ${code}`}`));
      resolve(Buffer.concat(chunks).toString('utf8').split('\0').filter(Boolean));
    });
  });
}
