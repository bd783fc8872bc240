import './instrument';
import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { SwaggerModule } from '@nestjs/swagger';
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { gatewaySchema } from '@tr4ction/config';
import { SETTING_BOUNDS, uuidv7 } from '@tr4ction/contracts';
import { connectNats, createRpcClient, RuntimeSettingsFollower } from '@tr4ction/messaging';
import { clockFromEnv, databasePasswordFromStore, loadBusSecurity, loadConfigOrExit, natsProbe, startManagementServer } from '@tr4ction/platform';
import { AccessTokenLifetimeWindow } from '@tr4ction/tokens';
import { createRateLimitPool, migrateGatewaySchema } from './rate-limit/rate-limit-store';
import { AuthRateLimits } from './rate-limit/auth-rate-limits';
import { installAuthAddressLimit } from './rate-limit/auth-address-limit.hook';
import { PostgresRateLimiter } from './rate-limit/postgres-rate-limiter';
import { installNoStore } from './http/no-store.hook';
import { installUnreadBodyDrain } from './http/unread-body.hook';
import { helmetHeaders, installSecurityHeaders } from './http/security-headers';
import { createLogger, NestPinoLogger, processMetricsExposition, shutdownTelemetry } from '@tr4ction/telemetry';
import { serveConsole } from './console/console-static';
import { GatewayModule } from './gateway.module';
import { ClientAddressResolver } from './http/client-address';
import { ProblemFilter, toProblem } from './http/problem.filter';
import { installIdempotencyKey } from './http/idempotency-key.hook';
import { installServerSpans } from './http/server-span.hook';
import { buildOpenApi } from './http/openapi';
import { GatewayMetrics } from './metrics/gateway-metrics';
import { checkTokenSecrets, createTokenVerification } from './tokens/token-verification';
import { CorsOrigins } from './settings/cors-origins';
import { ProfileCache } from './auth/profile-cache';
import { installProfileFastPath } from './auth/profile-fast-path.hook';
import { AuthController } from './auth/auth.controller';
import { AdminReadRecorder, noteAdminReads } from './audit/admin-read.recorder';
import { servesApiDocs } from './http/api-docs';
import { AuditRefusalRecorder } from './audit/audit-refusal.recorder';
import { AuditReadSlots } from './audit/audit-read-slots';
import { syncProfileCache } from './auth/profile-cache.sync';

/** Bounds the profile cache's memory (a profile is a few hundred bytes). */
const PROFILE_CACHE_ENTRIES = 50_000;

async function main(): Promise<void> {
  const logger = createLogger('api-gateway');
  const config = loadConfigOrExit(gatewaySchema, logger);
  if (config.CORS_ORIGINS.includes('*')) {
    logger.fatal('refusing to start: CORS_ORIGINS must list origins; a wildcard is not allowed with credentials');
    process.exit(78);
  }
  // The gateway's own schema holds the shared rate-limit counters; `main.js migrate` only migrates.
  // The login's password from the secrets store when kept there (rotated by rotation-service), else DATABASE_URL's.
  const databasePassword = await databasePasswordFromStore('api-gateway');
  if (process.argv[2] === 'migrate') {
    await migrateGatewaySchema(config.DATABASE_URL, logger, config.ENVIRONMENT, databasePassword);
    process.exit(0);
  }
  // Secrets first: a bad one stops the process before it touches anything.
  const tokenSecrets = await checkTokenSecrets(config);
  // The gateway publishes no events; it verifies every event it follows against the pinned keys.
  const { authenticator } = await loadBusSecurity('api-gateway', config.ENVIRONMENT, logger);
  await migrateGatewaySchema(config.DATABASE_URL, logger, config.ENVIRONMENT, databasePassword);
  const nats = await connectNats(config, 'api-gateway');
  const { rpc, proxy } = await createRpcClient(config, 'api-gateway', 'api-gateway-rpc', config.RPC_TIMEOUT_MS, config.RPC_OUTAGE_GRACE_MS);
  const metrics = new GatewayMetrics();
  // CORS origins and the overlap of a replaced HS256 secret follow the runtime settings (owned by user-service) on every replica.
  const accessTokenWindow = new AccessTokenLifetimeWindow({
    envSeconds: config.ACCESS_TOKEN_TTL_SECONDS,
    maxSeconds: SETTING_BOUNDS.access_token_ttl_seconds.max,
  });
  const clock = clockFromEnv();
  const settings = new RuntimeSettingsFollower({
    service: 'api-gateway',
    nats,
    rpc,
    logger,
    authenticator,
    onChange: (snapshot) => accessTokenWindow.observeSnapshot(snapshot, clock.now().getTime()),
  });
  const tokens = createTokenVerification({ config, secrets: tokenSecrets, nats, authenticator, rpc, logger, registry: metrics.registry, accessTokenWindow });
  const verifier = tokens.verifier;
  // GET /auth/me from memory; entries live no longer than the token state's safety-net resync.
  const profiles = new ProfileCache({ ttlMs: config.TOKEN_STATE_RESYNC_MS, maxEntries: PROFILE_CACHE_ENTRIES, now: () => clock.now().getTime() });
  const profileSync = syncProfileCache(profiles, nats, authenticator, logger);
  // Nothing is cached before the server has these subscriptions: an invalidation published earlier would be missed.
  await profileSync.ready;
  const addresses = new ClientAddressResolver(config.TRUSTED_PROXIES);
  const rateLimitPool = createRateLimitPool(config.DATABASE_URL, config.RATE_LIMIT_POOL_SIZE, databasePassword);
  const limiter = new PostgresRateLimiter(rateLimitPool);
  const rateLimits = new AuthRateLimits(limiter, config, logger, metrics);
  logger.info({ failure_mode: rateLimits.failureMode }, 'rate limits: what happens when their store does not answer');
  const auditRefusals = new AuditRefusalRecorder(rpc, logger, { windowMs: config.AUDIT_REFUSAL_WINDOW_SECONDS * 1000 });
  const adminReads = new AdminReadRecorder(rpc, logger, { windowMs: config.ADMIN_READ_WINDOW_SECONDS * 1000 });
  const auditReadSlots = new AuditReadSlots(config.AUDIT_HEAVY_READS_PER_CALLER, config.AUDIT_HEAVY_READS_MAX);
  const corsOrigins = new CorsOrigins(settings, config.CORS_ORIGINS);
  const pruning = setInterval(() => void limiter.prune(Math.max(3600, 2 * config.RATE_LIMIT_WINDOW_SECONDS)).catch(() => undefined), 5 * 60_000);
  pruning.unref();

  const adapter = new FastifyAdapter({
    bodyLimit: config.BODY_LIMIT_BYTES,
    // Ids are ours: a client-supplied request id could inject text into logs.
    genReqId: () => uuidv7(),
    onProtoPoisoning: 'error',
    onConstructorPoisoning: 'error',
    // `//auth//login` is routed like `/auth/login` (and limited like it): limits follow the routed path.
    routerOptions: { ignoreDuplicateSlashes: true },
    // Bad URL encoding or an over-long path parameter: problem JSON too, never echoing the path.
    frameworkErrors: (err: FastifyError, req: FastifyRequest, reply: FastifyReply) => {
      const body = toProblem(err, String(req.id), logger);
      void reply.status(body.status).header('Content-Type', 'application/problem+json').send(body);
    },
  });
  const app = await NestFactory.create<NestFastifyApplication>(
    GatewayModule.forRoot({
      config,
      logger,
      rpc,
      nats,
      verifier,
      addresses,
      metrics,
      tokenState: tokens.state,
      rateLimits,
      settings,
      profiles,
      auditRefusals,
      auditReadSlots,
    }),
    adapter,
    {
      logger: new NestPinoLogger(logger),
      abortOnError: false,
    },
  );
  app.useGlobalFilters(new ProblemFilter(logger));
  // Parser errors (bad JSON, too large) reach ProblemFilter too: Nest wraps them as HttpExceptions.
  const fastify = app.getHttpAdapter().getInstance();
  // First: every hook after it, and the handler, run inside the request's trace.
  installServerSpans(fastify);
  // A resend carrying the same Idempotency-Key repeats the request's RPCs under the same keys.
  installIdempotencyKey(fastify);
  installAuthAddressLimit(fastify, rateLimits, addresses);
  installNoStore(fastify);
  // An answer sent before the body was read (413, 415, 429, ...) must reach a client that is still writing.
  installUnreadBodyDrain(fastify);
  fastify.addHook('onResponse', (req, reply, done) => {
    metrics.httpDuration.observe(
      { method: req.method, route: req.routeOptions.url ?? 'unmatched', status: String(reply.statusCode) },
      reply.elapsedTime / 1000,
    );
    done();
  });
  fastify.addHook('onResponse', noteAdminReads(adminReads, addresses));
  installSecurityHeaders(
    fastify,
    await helmetHeaders({ contentSecurityPolicy: false, hsts: config.ENVIRONMENT === 'production' ? { maxAge: 31536000 } : false }),
  );
  // After every onRequest hook above; before Nest's handler (it is a preHandler hook).
  installProfileFastPath(fastify, { verifier, tokens: tokens.state, profiles, handler: AuthController.prototype.me });
  app.enableCors({ origin: corsOrigins.delegate, credentials: true, methods: ['GET', 'POST', 'PUT', 'DELETE'], maxAge: 600 });
  const docsServed = servesApiDocs(config);
  if (docsServed) SwaggerModule.setup('docs', app, buildOpenApi(app), { jsonDocumentUrl: 'docs-json' });
  const consoleServed = await serveConsole(app, logger);
  // Keys and revocations load in the background; until both are in, protected routes answer 503.
  void tokens.sync.start();
  void settings.start();
  await app.listen(config.PORT, config.HOST);
  // This replica's own health and metrics (the platform-wide /metrics above stays on the API port).
  const management = await startManagementServer({
    service: 'api-gateway',
    host: config.MANAGEMENT_HOST,
    port: config.MANAGEMENT_PORT,
    checks: {
      postgres: async () => (await rateLimitPool.query('SELECT 1'), true),
      nats: natsProbe(() => nats),
      tokens: async () => tokens.state.ready(),
      settings: async () => settings.loaded(),
    },
    metrics: async () => [await metrics.registry.metrics(), (await processMetricsExposition()).text],
    logger,
  });
  logger.info(
    { port: config.PORT },
    `api-gateway listening on http://localhost:${config.PORT} (${docsServed ? 'docs at /docs' : 'no /docs in production without DEBUG_MODE'}${consoleServed ? ', console at /console' : ''})`,
  );

  let stopping = false;
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.once(signal, () => {
      if (stopping) return;
      stopping = true;
      void (async () => {
        tokens.sync.stop();
        settings.stop();
        profileSync.stop();
        await management?.close();
        await app.close().catch(() => undefined);
        // Refusals still counting in an open window are recorded before the bus goes.
        await Promise.all([auditRefusals.flushAll(), adminReads.flushAll()]);
        await proxy.close();
        await rateLimitPool.end().catch(() => undefined);
        await nats.drain().catch(() => undefined);
        await shutdownTelemetry();
        process.exit(0);
      })();
    });
  }
}

main().catch((err: unknown) => {
  createLogger('api-gateway').fatal({ err_name: (err as Error).name, err: (err as Error).message }, 'failed to start');
  process.exit(1);
});
