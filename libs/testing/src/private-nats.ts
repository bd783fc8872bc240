/**
 * A private nats-server with JetStream on a spare port and its own store directory. Fault tests
 * stop and restart it (never the machine's shared server), and suites get isolated subjects.
 * It is secured the way `npm start` secures its bus: TLS required, one nkey per identity with the
 * rights of the permission table, no anonymous access. Tests that inject into or inspect the bus
 * connect as the unrestricted `harness` identity, which exists only here.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { connect as netConnect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ConnectionOptions } from 'nats';
import { isBusIdentity, type BusLogin } from '@tr4ction/contracts';
import { authenticatorFromFile, busConnectionOptions, ensureDevBus, HARNESS_IDENTITY, type DevBus, type DevBusIdentity } from '@tr4ction/bus';
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
    private readonly dir: string,
    readonly bus: DevBus,
    /** Anonymous and unencrypted, as the bus was before: only to measure what security costs (the bench). */
    readonly plaintext: boolean,
  ) {}

  static async start(options: { plaintext?: boolean } = {}): Promise<PrivateNats> {
    const bin = findNatsServer();
    if (!bin) throw new Error('nats-server binary not found (install the nats-server package)');
    const port = await freePort();
    const dir = mkdtempSync(join(tmpdir(), 'tr4ction-nats-'));
    const nats = new PrivateNats(bin, port, dir, await ensureDevBus({ dir, port, harness: true }), options.plaintext === true);
    await nats.resume();
    return nats;
  }

  /** The server's process id while it runs (the bench charges its CPU per operation). */
  get pid(): number | undefined {
    return this.child?.pid;
  }

  /** `tls://127.0.0.1:<port>`: the server refuses plaintext and anonymous clients. */
  get url(): string {
    return this.plaintext ? this.plaintextUrl : this.bus.url;
  }

  /** The same port without TLS (what a plaintext client would try). */
  get plaintextUrl(): string {
    return `nats://127.0.0.1:${this.port}`;
  }

  private get logFile(): string {
    return process.env.NATS_SERVER_LOG_DIR ? join(process.env.NATS_SERVER_LOG_DIR, `nats-${this.port}.log`) : join(this.dir, 'nats-server.log');
  }

  /** The permission violations the server logged so far (one line each: client, identity key, subject). */
  permissionViolations(): string[] {
    if (!existsSync(this.logFile)) return [];
    return readFileSync(this.logFile, 'utf8')
      .split('\n')
      .filter((l) => /(Publish|Subscription|Permissions) Violation/.test(l));
  }

  get storeDir(): string {
    return this.bus.storeDir;
  }

  /** The bus variables (NATS_URL, NATS_CREDS_FILE, NATS_TLS_CA_FILE) of a process of that identity. */
  env(identity: DevBusIdentity): Record<string, string> {
    return this.plaintext ? { NATS_URL: this.plaintextUrl } : this.bus.env(identity);
  }

  /** nats.js options to connect as an identity (default: the unrestricted test harness), on its main or responder login. */
  connectOptions(identity: DevBusIdentity = HARNESS_IDENTITY, extra: Partial<ConnectionOptions> = {}, login: BusLogin = 'main'): ConnectionOptions {
    if (this.plaintext) return { servers: this.plaintextUrl, ...extra };
    const env = this.env(identity);
    const bus = { NATS_URL: [env.NATS_URL], NATS_CREDS_FILE: env.NATS_CREDS_FILE, NATS_TLS_CA_FILE: env.NATS_TLS_CA_FILE };
    const base = isBusIdentity(identity)
      ? busConnectionOptions(bus, identity, `test-${identity}`, login)
      : { servers: bus.NATS_URL, name: 'test-harness', authenticator: authenticatorFromFile(env.NATS_CREDS_FILE), tls: { caFile: env.NATS_TLS_CA_FILE } };
    return { ...base, ...extra };
  }

  /** (Re)starts the server on the same port and store: JetStream state survives. */
  async resume(): Promise<void> {
    if (this.child) return;
    // The server's log (permission violations included) in the server's folder; NATS_SERVER_LOG_DIR=dir keeps it past the run.
    const log = ['-l', this.logFile];
    const config = this.plaintext ? ['-a', '127.0.0.1', '-p', String(this.port), '-js', '-sd', this.storeDir] : ['-c', this.bus.configFile];
    this.child = spawn(this.bin, [...config, ...log], { stdio: 'ignore' });
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
    rmSync(this.dir, { recursive: true, force: true });
  }
}
