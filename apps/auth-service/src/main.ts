import './instrument';
import 'reflect-metadata';
import { authServiceSchema } from '@tr4ction/config';
import { createRpcClient, RuntimeSettingsFollower, type RpcClient } from '@tr4ction/messaging';
import { runService, SigningSecrets } from '@tr4ction/platform';
import type { ClientProxy } from '@nestjs/microservices';
import { authServiceMigrations, AUTH_SERVICE_SCHEMA } from './migrations';
import { AuthServiceModule } from './auth-service.module';
import { REVOKER_CONSUMER, REVOKER_SUBJECTS } from './tokens/revocation-events.handler';
import { SigningKeyHolder } from './tokens/signing-key.holder';
import { TokenLifetimes } from './tokens/token-lifetimes';

let boot: { secrets: SigningSecrets; rpc: RpcClient; proxy: ClientProxy } | undefined;

runService({
  name: 'auth-service',
  schema: authServiceSchema,
  dbSchema: AUTH_SERVICE_SCHEMA,
  migrations: authServiceMigrations,
  // HS256 mode: auth-service holds JWT_SECRET_KEY and answers the other services' introspection.
  holdsJwtSecret: true,
  async preflight(config, _dataSource, logger) {
    const secrets = new SigningSecrets({
      onDevKey: (path) => logger.warn({ path }, 'SIGNING_KEYS_MASTER_KEY is not set: using a development master key from a local file (refused in production)'),
    });
    // Fails here, before anything listens, when production lacks a usable secret; names the variable only.
    if (config.JWT_ALGORITHM === 'HS256') await secrets.jwtSecret();
    else await secrets.masterKey();
    const { rpc, proxy } = await createRpcClient(config, 'auth-service', 'auth-service-client', config.RPC_TIMEOUT_MS, config.RPC_OUTAGE_GRACE_MS);
    boot = { secrets, rpc, proxy };
  },
  rootModule: (deps) => {
    if (!boot) throw new Error('auth-service preflight did not run');
    const keys = new SigningKeyHolder({
      mode: deps.config.JWT_ALGORITHM === 'HS256' ? 'hmac' : 'asymmetric',
      rpc: boot.rpc,
      secrets: boot.secrets,
      events: deps.nats ? { nats: deps.nats, authenticator: deps.bus.authenticator } : undefined,
      logger: deps.logger,
      resyncMs: deps.config.SIGNING_KEY_RESYNC_MS,
    });
    keys.start();
    if (!deps.nats) throw new Error('auth-service needs NATS');
    // Token lifetimes follow the runtime settings (owned by user-service) on every replica.
    const settings = new RuntimeSettingsFollower({
      service: 'auth-service',
      nats: deps.nats,
      rpc: boot.rpc,
      logger: deps.logger,
      authenticator: deps.bus.authenticator,
    });
    void settings.start();
    const lifetimes = new TokenLifetimes(settings, deps.config);
    return AuthServiceModule.forRoot(deps, { rpc: boot.rpc, rpcProxy: boot.proxy, keys, settings, lifetimes });
  },
  consumer: () => ({ durable: REVOKER_CONSUMER, filterSubjects: REVOKER_SUBJECTS }),
});
