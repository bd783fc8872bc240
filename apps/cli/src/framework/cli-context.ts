/**
 * The per-invocation context of a command: its environment (with --env-file applied), the operator,
 * request metadata for RPCs, and lazily opened connections (NATS, Postgres) that are closed when
 * the command ends. Heavy modules (Nest, NATS, pg, OpenTelemetry) load only when a command needs
 * them, so `--help`, `secrets generate` and `secrets scan` start quickly.
 */
import { hostname } from 'node:os';
import type { Client as PgClient } from 'pg';
import type { ClientProxy } from '@nestjs/microservices';
import type { NatsConnection } from 'nats';
import { cliSchema, parseConfig, type ConfigOf } from '@tr4ction/config';
import { uuidv7, type Actor, type RequestMeta } from '@tr4ction/contracts';
import type { EventAuthenticator, RequestProver, RpcClient } from '@tr4ction/messaging';
import { CliError } from './cli-error';
import type { CliIo } from './cli-io';
import { CLI_NAME, CLI_VERSION } from './cli-version';
import { EXIT } from './exit-codes';
import { resolveOperator } from './operator';

export interface GlobalOptions {
  json?: boolean;
  operator?: string;
  envFile?: string;
}

export type CliConfig = ConfigOf<typeof cliSchema>;

/** A CLI waits less for a missing bus than a service does: an operator should hear "down" quickly. */
const NATS_CONNECT_TIMEOUT_MS = 5000;
const CLI_OUTAGE_GRACE_MS = 5000;

export class CliContext {
  readonly json: boolean;
  readonly operator: string;
  /** The trace of this invocation once a traced command started it: printed so the audit record can be found. */
  traceId?: string;
  private rpcClient?: Promise<RpcClient>;
  private proxy?: ClientProxy;
  private natsConnection?: NatsConnection;
  private readonly pgClients: PgClient[] = [];
  private parsedConfig?: CliConfig;
  private telemetryStarted = false;

  constructor(
    readonly io: CliIo,
    readonly env: NodeJS.ProcessEnv,
    globals: GlobalOptions,
  ) {
    this.json = globals.json === true;
    this.operator = resolveOperator(globals.operator, env);
  }

  get actor(): Actor {
    return { type: 'cli', id: this.operator };
  }

  /** What every RPC carries: the CLI actor, and the host it ran on in place of a browser's user agent. */
  meta(): RequestMeta {
    return { actor: this.actor, user_agent: `${CLI_NAME}/${CLI_VERSION} (${hostname()})`, request_id: uuidv7() };
  }

  /** The CLI's validated configuration; an invalid value stops the command with exit 78. */
  config(): CliConfig {
    this.parsedConfig ??= parseConfig(cliSchema, this.env);
    return this.parsedConfig;
  }

  rpc(): Promise<RpcClient> {
    this.rpcClient ??= this.connectRpc();
    return this.rpcClient;
  }

  private async connectRpc(): Promise<RpcClient> {
    await import('reflect-metadata');
    const { ClientProxyFactory, Transport } = await import('@nestjs/microservices');
    const { RpcClient: Client, busConnectionOptions, busSecurityProblems } = await import('@tr4ction/messaging');
    const config = this.config();
    const problems = busSecurityProblems(config);
    if (problems.length) throw new CliError(EXIT.CONFIG, problems.join('; '), 'See docs/security.md: the CLI connects with its own credential over TLS.');
    // Not createRpcClient(): that one waits for the bus forever, as a service should. A command
    // must fail fast with "NATS is down" and close what it opened.
    const proxy = ClientProxyFactory.create({
      transport: Transport.NATS,
      options: {
        ...busConnectionOptions(config, 'cli', `${CLI_NAME}-cli`),
        timeout: NATS_CONNECT_TIMEOUT_MS,
        waitOnFirstConnect: false,
        maxReconnectAttempts: 20,
        reconnectTimeWait: 250,
      },
    });
    this.proxy = proxy;
    try {
      const nc = (await proxy.connect()) as NatsConnection;
      this.natsConnection = nc;
      const rpc = new Client(proxy, config.RPC_TIMEOUT_MS, Math.min(config.RPC_OUTAGE_GRACE_MS, CLI_OUTAGE_GRACE_MS));
      rpc.trackConnection(nc);
      rpc.useProver(await this.operatorProver());
      return rpc;
    } catch (err) {
      if (err instanceof CliError) throw err;
      throw new CliError(
        EXIT.UNAVAILABLE,
        `cannot reach NATS at ${config.NATS_URL.join(', ')}`,
        'Is the stack running, and is NATS_URL the one its services use?',
        'SERVICE_UNAVAILABLE',
      );
    }
  }

  /** Every request that needs an operator's authority carries an assertion signed with the CLI's own key. */
  private async operatorProver(): Promise<RequestProver> {
    const { loadOperatorProver } = await import('./operator-prover');
    return loadOperatorProver(this.env, this.config().ENVIRONMENT, this.operator);
  }

  /** The bus connection under rpc(): commands that must see their event reach the bus subscribe on it. */
  async bus(): Promise<NatsConnection> {
    await this.rpc();
    if (!this.natsConnection) throw new CliError(EXIT.SOFTWARE, 'the NATS connection is not open');
    return this.natsConnection;
  }

  /**
   * Checks the events a command waits for against the pinned bus keys (BUS_PUBLIC_KEYS), like every
   * service does: a forged event must not make the CLI report that a revocation went through.
   */
  async eventAuthenticator(): Promise<EventAuthenticator> {
    const [{ EventAuthenticator: Authenticator }, { loadCliBusVerifier }, { createLogger }] = await Promise.all([
      import('@tr4ction/messaging'),
      import('./bus-keys'),
      import('@tr4ction/telemetry'),
    ]);
    const verifier = await loadCliBusVerifier(this.env, this.config().ENVIRONMENT);
    // Alerts go to stderr as JSON lines: stdout belongs to the command's result.
    return new Authenticator(verifier, createLogger(`${CLI_NAME}-cli`, 'warn', process.stderr));
  }

  /** A Postgres connection, closed when the command ends. */
  async db(url = this.config().DATABASE_URL): Promise<PgClient> {
    const { Client } = await import('pg');
    const client = new Client({ connectionString: url, connectionTimeoutMillis: 5000, application_name: `${CLI_NAME}-cli` });
    try {
      await client.connect();
    } catch (err) {
      await client.end().catch(() => undefined);
      const why = err instanceof Error ? err.message : String(err);
      throw new CliError(
        EXIT.UNAVAILABLE,
        `cannot connect to Postgres (${databaseLabel(url)}): ${why}`,
        'Is Postgres running and DATABASE_URL right?',
        'DEPENDENCY_UNAVAILABLE',
      );
    }
    this.pgClients.push(client);
    return client;
  }

  /**
   * Runs `fn` in a span of this invocation, so every RPC it makes and every event those cause
   * share one trace id, which the command prints.
   */
  async traced<T>(name: string, fn: () => Promise<T>): Promise<T> {
    const telemetry = await import('@tr4ction/telemetry');
    if (!this.telemetryStarted) {
      // The SDK reads process.env itself: hand it the OTEL_* settings of --env-file too. Without
      // this it would miss OTEL_METRICS_EXPORTER=none and wait on an OTLP metrics export at exit.
      for (const [key, value] of Object.entries(this.env)) if (key.startsWith('OTEL_') && value !== undefined) process.env[key] = value;
      telemetry.startTelemetry(`${CLI_NAME}-cli`, process.env);
      this.telemetryStarted = true;
    }
    return telemetry.inSpan(name, { kind: telemetry.SpanKind.INTERNAL, attributes: { 'enduser.id': this.operator } }, async (span) => {
      this.traceId = span.spanContext().traceId;
      return fn();
    });
  }

  async dispose(): Promise<void> {
    await Promise.all(this.pgClients.map((c) => c.end().catch(() => undefined)));
    if (this.proxy) await this.proxy.close().catch(() => undefined);
    if (this.telemetryStarted) await (await import('@tr4ction/telemetry')).shutdownTelemetry();
  }
}

/** `host:port/database` of a connection string: enough to say which, never the credentials. */
export function databaseLabel(url: string): string {
  try {
    const u = new URL(url);
    return `${u.hostname}${u.port ? `:${u.port}` : ''}${u.pathname}`;
  } catch {
    return 'an unparsable DATABASE_URL';
  }
}
