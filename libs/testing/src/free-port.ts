import { createServer } from 'node:net';

/**
 * Ports for servers a test is about to start. Not the kernel's pick (port 0): that comes from the
 * ephemeral range, where any outgoing connection may take the port before the server binds it,
 * and where the other e2e worker's pick a moment later may be the very same port (seen: a suite's
 * management port answered by another suite's gateway). Each jest worker draws from a range of its
 * own below the ephemeral range (32768 and up on Linux) and never hands out a port twice.
 */
const FIRST_PORT = 12_000;
const PORTS_PER_WORKER = 4_000;
/** Ranges up to the ephemeral range's start: workers beyond share them round-robin. */
const RANGES = 5;

const handedOut = new Set<number>();
let cursor: number | undefined;

function workerRange(): { start: number; size: number } {
  // Outside jest (the bench, scripts) the worker id is absent: range 0.
  const worker = Number(process.env.JEST_WORKER_ID ?? 0) % RANGES;
  return { start: FIRST_PORT + worker * PORTS_PER_WORKER, size: PORTS_PER_WORKER };
}

function canListen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const srv = createServer();
    srv.unref();
    srv.once('error', () => resolve(false));
    srv.listen(port, '127.0.0.1', () => srv.close(() => resolve(true)));
  });
}

export async function freePort(): Promise<number> {
  const { start, size } = workerRange();
  // A random start: a new process (the next suite) does not retry the ports the last one just used.
  cursor ??= Math.floor(Math.random() * size);
  for (let tried = 0; tried < size; tried++) {
    const port = start + (cursor++ % size);
    if (handedOut.has(port)) continue;
    if (await canListen(port)) {
      handedOut.add(port);
      return port;
    }
  }
  throw new Error(`no free port in ${start}-${start + size - 1}`);
}
