/**
 * Boots one NATS-only service: validated config, Postgres (waiting for it), migrations under a
 * lock, NATS, the outbox relay, Nest with a core-NATS request/reply server (queue group = the
 * service name, so replicas share requests) and optionally a durable JetStream consumer; and,
 * from the first moment, the replica's management port (health and its own /metrics).
 * `main.ts migrate` only migrates and exits.
 */
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter } from '@nestjs/platform-fastify';
import { Transport, type MicroserviceOptions } from '@nestjs/microservices';
import type { DynamicModule, INestApplication } from '@nestjs/common';
import type { DataSource, MigrationInterface } from 'typeorm';
import { STREAM_OWNER, type BusIdentity } from '@tr4ction/contracts';
import type { NatsConnection } from 'nats';
import { ConfigError, parseConfig, type ConfigOf, type Schema, type commonKeys } from '@tr4ction/config';
import {
  busConnectionOptions,
  busSecurityProblems,
  connectNats,
  ensureStreams,
  type BusConfig,
  EventRecorder,
  JetStreamServer,
  OutboxRelay,
  RpcErrorFilter,
  RpcIdempotencyInterceptor,
  RpcRequestLedger,
  RpcRequestValidationInterceptor,
  RpcTraceInterceptor,
  UnitOfWork,
  type JetStreamServerOptions,
} from '@tr4ction/messaging';
import { createServiceDataSource, ensureDatabase, runMigrations } from '@tr4ction/persistence';
import { collectProcessMetrics, createLogger, NestPinoLogger, processMetricsExposition, shutdownTelemetry, type Logger } from '@tr4ction/telemetry';
import { loadBusSecurity, type BusSecurity } from './bus-security';
import { refuseUnsafeDatabaseLogin } from './database-login';
import { databasePasswordFromStore } from './database-password';
import { clockFromEnv } from './clock';
import { startManagementServer, type ReadinessProbe } from './management-server';
import type { PlatformDeps } from './platform.module';
import { setUpRpcProof, type RpcProofConfig } from './rpc-proof/rpc-proof.setup';

type CommonConfig = ConfigOf<typeof commonKeys> & RpcProofConfig & { MANAGEMENT_HOST: string; MANAGEMENT_PORT: number };

/** Postgres answers `SELECT 1` on this process's pool. */
export function postgresProbe(dataSource: DataSource): ReadinessProbe {
  return async () => dataSource.isInitialized && (await dataSource.query('SELECT 1').then(() => true));
}

/** This process's NATS connection is open and a round trip to the server completes. */
export function natsProbe(connection: () => NatsConnection | undefined): ReadinessProbe {
  return async () => {
    const nats = connection();
    return nats !== undefined && !nats.isClosed() && (await nats.flush().then(() => true));
  };
}

export interface ServiceDefinition<S extends Schema> {
  /** Also its identity on the bus (the permission table's row). */
  name: BusIdentity;
  schema: S;
  dbSchema: string;
  migrations: Array<new () => MigrationInterface>;
  rootModule: (deps: PlatformDeps & { config: ConfigOf<S>; bus: BusSecurity }) => DynamicModule;
  consumer?: (config: ConfigOf<S>) => Omit<JetStreamServerOptions, 'connection' | 'logger' | 'authenticator'>;
  /** Extra checks before listening (production guards); throw to refuse to start. */
  preflight?: (config: ConfigOf<S>, dataSource: DataSource, logger: Logger) => Promise<void>;
  /** Rebuilds the service's projections from its event store (`main.js replay`); returns events applied. */
  replay?: (dataSource: DataSource, logger: Logger) => Promise<number>;
  /** HS256 mode: this service holds JWT_SECRET_KEY and verifies access tokens itself (auth-service). */
  holdsJwtSecret?: boolean;
  /** Runs once Nest is up (schedulers, seeders). */
  afterStart?: (app: INestApplication, deps: PlatformDeps) => Promise<void>;
}

export interface RunningService {
  app: INestApplication;
  stop(): Promise<void>;
}

/**
 * The validated configuration, or exit 78 (EX_CONFIG) naming the keys. A process with bus keys
 * also refuses, in production, an anonymous or plaintext bus.
 */
export function loadConfigOrExit<S extends Schema>(schema: S, logger: Logger): ConfigOf<S> {
  try {
    const config = parseConfig(schema);
    const bus = config as unknown as Partial<BusConfig>;
    const problems = Array.isArray(bus.NATS_URL) ? busSecurityProblems(bus as BusConfig) : [];
    if (problems.length) throw new ConfigError(problems);
    return config;
  } catch (err) {
    if (err instanceof ConfigError) {
      logger.fatal({ problems: err.problems }, 'refusing to start: invalid configuration');
      process.exit(78); // EX_CONFIG
    }
    throw err;
  }
}

async function initializeWithRetry(dataSource: DataSource, logger: Logger): Promise<void> {
  let delay = 250;
  for (let attempt = 1; ; attempt++) {
    try {
      await dataSource.initialize();
      return;
    } catch (err) {
      if (attempt === 1 || attempt % 10 === 0) logger.warn({ attempt, err: (err as Error).message }, 'waiting for Postgres');
      await new Promise((r) => setTimeout(r, delay));
      delay = Math.min(delay * 2, 2000);
    }
  }
}

export async function bootstrapService<S extends Schema>(def: ServiceDefinition<S>): Promise<RunningService | undefined> {
  const logger = createLogger(def.name);
  const config = loadConfigOrExit(def.schema, logger) as ConfigOf<S> & CommonConfig;
  const dataSource = createServiceDataSource({
    url: config.DATABASE_URL,
    schema: def.dbSchema,
    service: def.name,
    migrations: def.migrations,
    poolSize: config.DATABASE_POOL_SIZE,
    preparedWrites: config.DATABASE_PREPARED_STATEMENTS,
    // DATABASE_PASSWORD_<IDENTITY> from the secrets store when kept there (rotated by rotation-service).
    password: await databasePasswordFromStore(def.name),
  });

  if (process.argv[2] === 'migrate') {
    await ensureDatabase(config.DATABASE_URL).catch(() => undefined);
    await dataSource.initialize();
    await refuseUnsafeDatabaseLogin(dataSource, config.ENVIRONMENT, logger);
    const ran = await runMigrations(dataSource, def.dbSchema);
    logger.info({ migrations: ran }, ran.length ? 'migrations applied' : 'schema up to date');
    await dataSource.destroy();
    return undefined;
  }

  if (process.argv[2] === 'replay') {
    await dataSource.initialize();
    await refuseUnsafeDatabaseLogin(dataSource, config.ENVIRONMENT, logger);
    await runMigrations(dataSource, def.dbSchema);
    const applied = def.replay ? await def.replay(dataSource, logger) : 0;
    logger.info({ applied }, def.replay ? 'projections rebuilt from the event store' : 'this service has no projections to replay');
    await dataSource.destroy();
    return undefined;
  }

  collectProcessMetrics(def.name);
  // Up from the start, so liveness answers while the process waits for Postgres and NATS.
  const live: { nats?: NatsConnection } = {};
  let started = false;
  const management = await startManagementServer({
    service: def.name,
    host: config.MANAGEMENT_HOST,
    port: config.MANAGEMENT_PORT,
    checks: { postgres: postgresProbe(dataSource), nats: natsProbe(() => live.nats), started: async () => started },
    metrics: async () => [(await processMetricsExposition()).text],
    logger,
  });
  await ensureDatabase(config.DATABASE_URL).catch(() => undefined);
  await initializeWithRetry(dataSource, logger);
  // Before the migrations: in production a superuser login would also leave the schema owned by it.
  await refuseUnsafeDatabaseLogin(dataSource, config.ENVIRONMENT, logger);
  await runMigrations(dataSource, def.dbSchema);
  if (def.preflight) await def.preflight(config, dataSource, logger);
  // Before the bus: a process that cannot sign, or has nothing pinned to verify with, never connects.
  const bus = await loadBusSecurity(def.name, config.ENVIRONMENT, logger);

  const connection: NatsConnection = await connectNats(config, def.name);
  live.nats = connection;
  const manageStreams = def.name === STREAM_OWNER;
  await ensureStreams(await connection.jetstreamManager(), {
    replicas: config.NATS_STREAM_REPLICAS,
    manage: manageStreams,
    onWait: (stream) => logger.info({ stream, owner: STREAM_OWNER }, 'waiting for the stream owner to create the stream'),
  });
  const recorder = new EventRecorder(def.dbSchema);
  const relay = new OutboxRelay(dataSource, def.dbSchema, connection.jetstream(), bus.signer, logger);
  relay.start();

  // Every request/reply handler sits behind the proof guard: no handler trusts where a message came from.
  const unitOfWork = new UnitOfWork(dataSource, recorder, relay);
  const proof = await setUpRpcProof({ service: def.name, config, holdsJwtSecret: def.holdsJwtSecret === true, nats: connection, bus, unitOfWork, logger });
  const deps = { service: def.name, config, logger, clock: clockFromEnv(), dataSource, nats: connection, recorder, relay, unitOfWork, bus, proof };
  const app = await NestFactory.create(def.rootModule(deps), new FastifyAdapter(), { logger: new NestPinoLogger(logger), abortOnError: false });
  app.useGlobalFilters(new RpcErrorFilter(logger));
  app.useGlobalGuards(proof.guard);
  // A resent state-changing request (its connection died after delivery) applies once, on any replica.
  const ledger = new RpcRequestLedger(dataSource, def.dbSchema, logger).install();
  // Requests are checked against the RPC catalogue before a handler (or the idempotency ledger) sees them.
  app.useGlobalInterceptors(new RpcTraceInterceptor(), new RpcRequestValidationInterceptor(), new RpcIdempotencyInterceptor(ledger));
  app.connectMicroservice<MicroserviceOptions>(
    {
      transport: Transport.NATS,
      options: {
        // The responder login: answers requests, and has no JetStream consumer to slow down (BusPermission.serves).
        ...busConnectionOptions(config, def.name, `${def.name}-rpc`, 'responder'),
        queue: def.name,
        maxReconnectAttempts: -1,
        waitOnFirstConnect: true,
        reconnectTimeWait: 250,
      },
    },
    { inheritAppConfig: true },
  );
  if (def.consumer) {
    app.connectMicroservice<MicroserviceOptions>(
      {
        strategy: new JetStreamServer({
          ...def.consumer(config),
          manageStreams,
          connection: () => connection,
          logger,
          authenticator: bus.authenticator,
          streamReplicas: config.NATS_STREAM_REPLICAS,
        }),
      },
      { inheritAppConfig: true },
    );
  }
  // Lifecycle hooks first (user-service seeds the development accounts in one), then the bus: Nest's hybrid
  // microservices skip the hooks and would answer requests before they ran (a login could find no admin yet).
  await app.init();
  await app.startAllMicroservices();
  proof.start();
  if (def.afterStart) await def.afterStart(app, deps);
  started = true;
  logger.info({ pid: process.pid }, `${def.name} ready`);

  let stopping: Promise<void> | undefined;
  const stop = (): Promise<void> =>
    (stopping ??= (async () => {
      logger.info('shutting down');
      started = false;
      await app.close().catch(() => undefined);
      await proof.stop().catch(() => undefined);
      await relay.stop().catch(() => undefined);
      ledger.uninstall();
      await connection.drain().catch(() => undefined);
      await management?.close();
      await dataSource.destroy().catch(() => undefined);
      await shutdownTelemetry();
    })());
  return { app, stop };
}

/** The whole of a service's `main.ts` after its instrumentation import. */
export function runService<S extends Schema>(def: ServiceDefinition<S>): void {
  bootstrapService(def).then(
    (running) => {
      if (!running) process.exit(0);
      for (const signal of ['SIGTERM', 'SIGINT'] as const) {
        process.once(signal, () => {
          void running.stop().then(() => process.exit(0));
        });
      }
    },
    (err: unknown) => {
      createLogger(def.name).fatal({ err_name: (err as Error).name, err: (err as Error).message }, 'failed to start');
      process.exit(1);
    },
  );
}
