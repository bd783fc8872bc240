/**
 * The whole platform as real processes, built from dist/, for end-to-end tests: a fresh database,
 * a private NATS (restartable for fault tests), a random gateway port, and every log line kept
 * so canary tests can search them.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { createTestDatabase, dropTestDatabase } from './test-database';
import { freePort } from './free-port';
import { PrivateNats } from './private-nats';
import { DEFAULT_DATABASE_URL } from './test-infrastructure';
import { waitFor } from './wait-for';

export const STACK_SERVICES = ['user-service', 'auth-service', 'audit-service', 'rotation-service', 'api-gateway'] as const;
export type StackService = (typeof STACK_SERVICES)[number];

const ROOT = resolve(__dirname, '..', '..', '..');

export interface StackOptions {
  env?: Record<string, string>;
  /** Put a proxy (or anything) between the services and Postgres: maps the real URL to the one services use. */
  databaseUrlForServices?: (realUrl: string) => string;
  services?: readonly StackService[];
}

export class ServiceStack {
  readonly logs: string[] = [];
  /** Keyed by service name, or by replica name for extra processes of one service. */
  private readonly children = new Map<string, ChildProcess>();
  private env: Record<string, string> = {};

  private constructor(
    readonly databaseUrl: string,
    readonly nats: PrivateNats,
    readonly port: number,
  ) {}

  static async start(options: StackOptions = {}): Promise<ServiceStack> {
    const databaseUrl = await createTestDatabase(process.env.DATABASE_URL ?? DEFAULT_DATABASE_URL, 'tr4ction_e2e');
    const nats = await PrivateNats.start();
    const stack = new ServiceStack(databaseUrl, nats, await freePort());
    stack.env = {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? '',
      ENVIRONMENT: 'development',
      DATABASE_URL: options.databaseUrlForServices ? options.databaseUrlForServices(databaseUrl) : databaseUrl,
      NATS_URL: nats.url,
      PORT: String(stack.port),
      HOST: '127.0.0.1',
      JWT_SECRET_KEY: randomBytes(32).toString('hex'),
      SIGNING_KEYS_MASTER_KEY: randomBytes(32).toString('hex'),
      LOG_LEVEL: 'info',
      ...options.env,
    };
    for (const s of options.services ?? STACK_SERVICES) stack.launch(s);
    await stack.waitReady();
    return stack;
  }

  get baseUrl(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  launch(service: StackService, extraEnv: Record<string, string> = {}): void {
    this.launchAs(service, service, extraEnv);
  }

  /**
   * Another process of a service under its own name (e.g. a second gateway replica with its own
   * PORT); stop it with stopService(name).
   */
  launchReplica(service: StackService, name: string, extraEnv: Record<string, string> = {}): void {
    this.launchAs(name, service, extraEnv);
  }

  private launchAs(name: string, service: StackService, extraEnv: Record<string, string>): void {
    if (this.children.has(name)) return;
    const child = spawn(process.execPath, ['-r', './tools/runtime/register-paths.js', `dist/apps/${service}/src/main.js`], {
      cwd: ROOT,
      env: { ...this.env, ...extraEnv },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const collect = (chunk: Buffer) => {
      for (const line of chunk.toString('utf8').split('\n')) if (line) this.logs.push(line);
    };
    child.stdout?.on('data', collect);
    child.stderr?.on('data', collect);
    child.once('exit', () => {
      if (this.children.get(name) === child) this.children.delete(name);
    });
    this.children.set(name, child);
  }

  async stopService(service: StackService | string, signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
    const child = this.children.get(service);
    if (!child) return;
    const exited = new Promise((r) => child.once('exit', r));
    child.kill(signal);
    await exited;
    this.children.delete(service);
  }

  async waitReady(timeoutMs = 90_000): Promise<void> {
    await waitFor(async () => (await fetch(`${this.baseUrl}/health/ready`).catch(() => undefined))?.status === 200, { timeoutMs, intervalMs: 250, what: 'stack readiness' });
  }

  async stop(): Promise<void> {
    // Debugging a failed run: E2E_LOG_DIR=dir keeps every service's log lines.
    if (process.env.E2E_LOG_DIR) writeFileSync(join(process.env.E2E_LOG_DIR, `stack-${this.port}.log`), this.logs.join('\n'));
    await Promise.all([...this.children.keys()].map((s) => this.stopService(s)));
    await this.nats.stop();
    await dropTestDatabase(this.databaseUrl).catch(() => undefined);
  }
}
