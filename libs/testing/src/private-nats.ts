/**
 * A private nats-server with JetStream on a spare port and its own store directory. Fault tests
 * stop and restart it (never the machine's shared server), and suites get isolated subjects.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { connect as netConnect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from './free-port';
import { waitFor } from './wait-for';

const CANDIDATES = ['/usr/sbin/nats-server', '/usr/bin/nats-server', '/usr/local/bin/nats-server'];

export function findNatsServer(): string | undefined {
  return process.env.NATS_SERVER_BIN ?? CANDIDATES.find((p) => existsSync(p));
}

function portOpen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = netConnect(port, '127.0.0.1');
    s.once('connect', () => {
      s.destroy();
      resolve(true);
    });
    s.once('error', () => resolve(false));
  });
}

export class PrivateNats {
  private child?: ChildProcess;

  private constructor(
    private readonly bin: string,
    readonly port: number,
    readonly storeDir: string,
  ) {}

  static async start(): Promise<PrivateNats> {
    const bin = findNatsServer();
    if (!bin) throw new Error('nats-server binary not found (install the nats-server package)');
    const nats = new PrivateNats(bin, await freePort(), mkdtempSync(join(tmpdir(), 'tr4ction-nats-')));
    await nats.resume();
    return nats;
  }

  get url(): string {
    return `nats://127.0.0.1:${this.port}`;
  }

  /** The server's process id while it runs (e.g. to sample its memory). */
  get pid(): number | undefined {
    return this.child?.pid;
  }

  /** (Re)starts the server on the same port and store: JetStream state survives. */
  async resume(): Promise<void> {
    if (this.child) return;
    this.child = spawn(this.bin, ['-a', '127.0.0.1', '-p', String(this.port), '-js', '-sd', this.storeDir], { stdio: 'ignore' });
    await waitFor(() => portOpen(this.port), { timeoutMs: 10_000, what: 'private nats-server' });
  }

  async pause(): Promise<void> {
    const child = this.child;
    if (!child) return;
    this.child = undefined;
    const exited = new Promise((r) => child.once('exit', r));
    child.kill('SIGTERM');
    await exited;
  }

  async stop(): Promise<void> {
    await this.pause();
    rmSync(this.storeDir, { recursive: true, force: true });
  }
}
