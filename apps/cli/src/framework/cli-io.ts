import type { Readable, Writable } from 'node:stream';

/**
 * Everything a command touches outside itself. `main.ts` passes the real process; unit specs pass
 * in-memory streams and an environment of their own.
 */
export interface CliIo {
  stdout: Writable;
  stderr: Writable;
  stdin: Readable;
  env: NodeJS.ProcessEnv;
  cwd: string;
}

export function processIo(): CliIo {
  return { stdout: process.stdout, stderr: process.stderr, stdin: process.stdin, env: process.env, cwd: process.cwd() };
}

/**
 * Writes and, when the stream's buffer is full, waits for it to drain (backpressure), so long
 * outputs run in constant memory. A stream error while waiting rejects instead of hanging.
 */
export function writeAll(stream: Writable, text: string): Promise<void> {
  if (stream.write(text)) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const done = (err?: Error): void => {
      stream.off('drain', onDrain);
      stream.off('error', onError);
      if (err) reject(err);
      else resolve();
    };
    const onDrain = (): void => done();
    const onError = (err: Error): void => done(err);
    stream.once('drain', onDrain);
    stream.once('error', onError);
  });
}
