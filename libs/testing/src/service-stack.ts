/**
 * The whole platform as real processes, built from dist/, for end-to-end tests: a fresh database,
 * a private NATS (restartable for fault tests), a random gateway port, and every log line kept
 * so canary tests can search them.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { BUS_PUBLIC_KEYS, busSigningKeyName, generateBusKeys } from '@tr4ction/security';
import { busKeysFromEnv, type TestBusKeys } from './test-bus-keys';
import { createTestDatabase, dropTestDatabase } from './test-database';
import { prepareTestDatabaseRoles, type TestDatabaseRoles } from './test-database-roles';
import { freePort } from './free-port';
import { PrivateNats } from './private-nats';
import { DEFAULT_DATABASE_URL } from './test-infrastructure';
import { waitFor } from './wait-for';

export const STACK_SERVICES = ['user-service', 'auth-service', 'audit-service', 'rotation-service', 'api-gateway'] as const;
export type StackService = (typeof STACK_SERVICES)[number];

const ROOT = resolve(__dirname, '..', '..', '..');
const ALLOCATOR_ENV = JSON.parse(readFileSync(join(ROOT, 'tools', 'runtime', 'allocator-env.json'), 'utf8')) as Record<string, string>;

export interface StackOptions {
  env?: Record<string, string>;
  /** Put a proxy (or anything) between the services and Postgres: maps each real URL (one per login) to the one services use. */
  databaseUrlForServices?: (realUrl: string) => string;
  services?: readonly StackService[];
  /** Environment for one service only (e.g. its own MANAGEMENT_PORT), over `env`. */
  envFor?: (service: StackService) => Record<string, string>;
  /** The bus without TLS and credentials, as before it was secured: only to measure the difference (bench). */
  plaintextBus?: boolean;
  /** An administrator's URL of another Postgres server (e.g. a PrivatePostgres that checks passwords) instead of DATABASE_URL's. */
  databaseServerUrl?: string;
}

export class ServiceStack {
  readonly logs: string[] = [];
  private readonly children = new Map<StackService, ChildProcess>();
  private readonly replicas = new Map<string, ChildProcess>();
  private env: Record<string, string> = {};
  private keys?: TestBusKeys;
  private envFor: (service: StackService) => Record<string, string> = () => ({});
  /** False when the suite gave its own NATS_URL: the private bus then only stands by. */
  private ownBus = true;

  /** The services' own logins (each service's role, audit-service's append-only writer). */
  private roles?: TestDatabaseRoles;
  private mapDatabaseUrl: (url: string) => string = (url) => url;

  private constructor(
    /** The administrator's URL of the stack's database (the test's own queries use it). */
    readonly databaseUrl: string,
    readonly nats: PrivateNats,
    private gatewayPort: number,
  ) {}

  /** The gateway's port; it changes only if another process took the first one before the gateway bound it. */
  get port(): number {
    return this.gatewayPort;
  }

  static async start(options: StackOptions = {}): Promise<ServiceStack> {
    const databaseUrl = await createTestDatabase(options.databaseServerUrl ?? process.env.DATABASE_URL ?? DEFAULT_DATABASE_URL, 'tr4ction_e2e');
    // The logins every service runs with, as npm start and compose run them (never the administrator's).
    const roles = await prepareTestDatabaseRoles(databaseUrl).catch(async (err: unknown) => {
      await dropTestDatabase(databaseUrl).catch(() => undefined);
      throw err;
    });
    const nats = await PrivateNats.start({ plaintext: options.plaintextBus });
    const stack = new ServiceStack(databaseUrl, nats, await freePort());
    stack.roles = roles;
    if (options.databaseUrlForServices) stack.mapDatabaseUrl = options.databaseUrlForServices;
    // A suite that brings its own bus (NATS_URL, e.g. a cluster) gets none of the private bus's settings.
    stack.ownBus = options.env?.NATS_URL === undefined;
    stack.env = {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? '',
      // The allocator settings npm start and the images give every service: memory is measured as it runs.
      ...ALLOCATOR_ENV,
      ENVIRONMENT: 'development',
      // The bus as `npm start` runs it: TLS, and each service with its own credential (spawnService).
      ...(stack.ownBus ? nats.env('api-gateway') : {}),
      PORT: String(stack.port),
      HOST: '127.0.0.1',
      // The tokens' iss and the discovery document's issuer: this gateway's URL, as clients see it.
      ISSUER_URL: `http://127.0.0.1:${stack.port}`,
      JWT_SECRET_KEY: randomBytes(32).toString('hex'),
      // audit-service refuses to start in production without a checkpoint key: a random one per stack.
      AUDIT_CHECKPOINT_KEY: randomBytes(32).toString('base64'),
      SIGNING_KEYS_MASTER_KEY: randomBytes(32).toString('hex'),
      MFA_ENCRYPTION_KEY: randomBytes(32).toString('hex'),
      // One bus signing key per identity and the pinned public keys: every stack takes the signed path.
      ...generateBusKeys(),
      LOG_LEVEL: 'info',
      // Every request of a test comes from one address and often targets one account: suites that
      // test the limits set their own (RATE_LIMIT_*); the others should not meet them.
      RATE_LIMIT_AUTH_PER_IP: '1000000',
      RATE_LIMIT_AUTH_PER_ACCOUNT: '1000000',
      // Several stacks (and replicas) run at once: no management ports unless a suite gives them.
      MANAGEMENT_PORT: '0',
      // Smaller pools than production's 10: two e2e stacks and a bench stack beside them held over
      // Postgres's default 100 connections at their peak (a stack at 10 measured 45), and a refused
      // connection fails whatever test it hits. Suites that measure throughput set their own.
      DATABASE_POOL_SIZE: '5',
      RATE_LIMIT_POOL_SIZE: '3',
      ...options.env,
    };
    if (options.envFor) stack.envFor = options.envFor;
    for (const s of options.services ?? STACK_SERVICES) stack.launch(s);
    try {
      await stack.startGateway(options.services ?? STACK_SERVICES);
      await stack.waitReady();
    } catch (err) {
      // A stack that never became ready must not leave its processes behind (E2E_LOG_DIR keeps their logs).
      await stack.stop().catch(() => undefined);
      throw err;
    }
    return stack;
  }

  /** The stack's bus keys: a test that stands in for a service signs with that service's key. */
  get busKeys(): TestBusKeys {
    this.keys ??= busKeysFromEnv(this.env);
    return this.keys;
  }

  /** The CLI identity's own signing key and the pinned public keys, as an operator's environment holds them. */
  cliIdentityEnv(): Record<string, string> {
    const env: Record<string, string> = {};
    for (const name of [busSigningKeyName('cli'), BUS_PUBLIC_KEYS]) if (this.env[name] !== undefined) env[name] = this.env[name];
    return env;
  }

  get baseUrl(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  launch(service: StackService, extraEnv: Record<string, string> = {}): void {
    if (this.children.has(service)) return;
    this.children.set(
      service,
      this.spawnService(service, extraEnv, (child) => this.children.get(service) === child && this.children.delete(service)),
    );
  }

  /**
   * Another replica of a service beside the one `launch` started (same environment plus
   * `extraEnv`, e.g. another PORT for a second gateway). Stopped with `stopReplica` or `stop()`.
   */
  launchReplica(name: string, service: StackService, extraEnv: Record<string, string> = {}): void {
    if (this.replicas.has(name)) return;
    this.replicas.set(
      name,
      this.spawnService(service, extraEnv, (child) => this.replicas.get(name) === child && this.replicas.delete(name)),
    );
  }

  /** The service's own database login (and audit-service's writer), unless the suite set DATABASE_URL itself. */
  private databaseEnv(service: StackService): Record<string, string> {
    if (!this.roles || this.env.DATABASE_URL) return {};
    return {
      DATABASE_URL: this.mapDatabaseUrl(this.roles.urlFor(service)),
      ...(service === 'audit-service' ? { AUDIT_DATABASE_URL: this.mapDatabaseUrl(this.roles.auditWriterUrl) } : {}),
    };
  }

  /** The database URL a service of this stack logs in with (its own role). */
  databaseUrlOf(service: StackService): string {
    if (!this.roles) throw new Error('the stack has no database roles');
    return this.roles.urlFor(service);
  }

  /** Starts a service from dist/ with the stack's environment, collecting its log lines. */
  private spawnService(service: StackService, extraEnv: Record<string, string>, onExit: (child: ChildProcess) => void): ChildProcess {
    const child = spawn(process.execPath, ['-r', './tools/runtime/register-paths.js', `dist/apps/${service}/src/main.js`], {
      cwd: ROOT,
      env: { ...this.env, ...this.databaseEnv(service), ...(this.ownBus ? this.nats.env(service) : {}), ...this.envFor(service), ...extraEnv },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const collect = (chunk: Buffer) => {
      for (const line of chunk.toString('utf8').split('\n')) if (line) this.logs.push(line);
    };
    child.stdout?.on('data', collect);
    child.stderr?.on('data', collect);
    child.once('exit', () => onExit(child));
    return child;
  }

  /**
   * Runs a one-off command of a service (`main.js migrate`, `main.js replay`) with the stack's
   * environment, as an operator would beside the running stack; resolves with its exit code.
   */
  runCommand(service: StackService, args: string[], timeoutMs = 120_000): Promise<number> {
    return new Promise((resolve, reject) => {
      const child = spawn(process.execPath, ['-r', './tools/runtime/register-paths.js', `dist/apps/${service}/src/main.js`, ...args], {
        cwd: ROOT,
        env: { ...this.env, ...this.databaseEnv(service), ...(this.ownBus ? this.nats.env(service) : {}), ...this.envFor(service) },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      const collect = (chunk: Buffer) => {
        for (const line of chunk.toString('utf8').split('\n')) if (line) this.logs.push(line);
      };
      child.stdout?.on('data', collect);
      child.stderr?.on('data', collect);
      const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
      child.once('error', reject);
      child.once('exit', (code, signal) => {
        clearTimeout(timer);
        resolve(code ?? (signal ? 128 : 1));
      });
    });
  }

  async stopReplica(name: string): Promise<void> {
    const child = this.replicas.get(name);
    if (!child) return;
    const exited = new Promise((r) => child.once('exit', r));
    child.kill('SIGTERM');
    await exited;
    this.replicas.delete(name);
  }

  /** Whether the service's process (started by `launch`) is still running. */
  isRunning(service: StackService): boolean {
    return this.children.has(service);
  }

  /** The process id of a running service (e.g. to sample its memory), or undefined. */
  pid(service: StackService): number | undefined {
    return this.children.get(service)?.pid;
  }

  async stopService(service: StackService, signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
    const child = this.children.get(service);
    if (!child) return;
    const exited = new Promise((r) => child.once('exit', r));
    child.kill(signal);
    await exited;
    this.children.delete(service);
  }

  /**
   * The port from freePort() is free only when chosen: on a busy machine another process may bind
   * it while the gateway is still starting, and readiness would then be answered by that process.
   * So the stack is ready only once its own gateway says it listens; if the gateway died on a taken
   * port, it gets a new one.
   */
  private async startGateway(services: readonly StackService[]): Promise<void> {
    if (!services.includes('api-gateway')) return;
    for (let attempt = 1; ; attempt++) {
      const mine = `"port":${this.gatewayPort}`;
      const listening = await waitFor(
        async () =>
          this.logs.some((l) => l.includes('api-gateway listening') && l.includes(mine)) ? 'up' : this.children.has('api-gateway') ? undefined : 'died',
        { timeoutMs: 90_000, intervalMs: 100, what: 'the gateway to listen' },
      );
      if (listening === 'up') return;
      if (attempt >= 3) throw new Error('the gateway did not start (its port was taken three times?)');
      this.gatewayPort = await freePort();
      this.env.PORT = String(this.gatewayPort);
      this.launch('api-gateway');
    }
  }

  async waitReady(timeoutMs = 90_000): Promise<void> {
    await waitFor(async () => (await fetch(`${this.baseUrl}/health/ready`).catch(() => undefined))?.status === 200, {
      timeoutMs,
      intervalMs: 250,
      what: 'stack readiness',
    });
  }

  async stop(): Promise<void> {
    // Debugging a failed run: E2E_LOG_DIR=dir keeps every service's log lines.
    if (process.env.E2E_LOG_DIR) writeFileSync(join(process.env.E2E_LOG_DIR, `stack-${this.port}.log`), this.logs.join('\n'));
    await Promise.all([...this.replicas.keys()].map((r) => this.stopReplica(r)));
    await Promise.all([...this.children.keys()].map((s) => this.stopService(s)));
    await this.nats.stop();
    await dropTestDatabase(this.databaseUrl).catch(() => undefined);
  }
}
