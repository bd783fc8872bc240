/**
 * Reads a secret piped on stdin (`--password-stdin`, as `docker login` does): never from the
 * command line, where other users see it in `ps` and the shell keeps it in its history.
 */
import type { Readable } from 'node:stream';
import { CliError } from './cli-error';
import { EXIT } from './exit-codes';

const MAX_BYTES = 4096;

export async function readStdinSecret(stdin: Readable, what: string): Promise<string> {
  if ((stdin as Readable & { isTTY?: boolean }).isTTY) {
    throw new CliError(
      EXIT.USAGE,
      `${what} is read from stdin, which is a terminal here`,
      `pipe it in, e.g. \`cat pw.txt | npx tr4ction ... --password-stdin\`, or leave the option out to have one generated`,
    );
  }
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of stdin) {
    const buf = Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk), 'utf8');
    size += buf.length;
    if (size > MAX_BYTES) throw new CliError(EXIT.DATA_ERROR, `${what} on stdin is longer than ${MAX_BYTES} bytes`);
    chunks.push(buf);
  }
  // One trailing newline is how `echo` and files end: it is not part of the secret.
  const value = Buffer.concat(chunks)
    .toString('utf8')
    .replace(/\r?\n$/, '');
  if (value.length === 0) throw new CliError(EXIT.USAGE, `${what} on stdin is empty`);
  if (/[\r\n]/.test(value)) throw new CliError(EXIT.DATA_ERROR, `${what} on stdin must be a single line`);
  return value;
}
