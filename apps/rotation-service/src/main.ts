import './instrument';
import 'reflect-metadata';
import type { ClientProxy } from '@nestjs/microservices';
import { rotationServiceSchema } from '@tr4ction/config';
import { SETTING_BOUNDS } from '@tr4ction/contracts';
import { createRpcClient, RuntimeSettingsFollower, type RpcClient } from '@tr4ction/messaging';
import { runService, SigningSecrets } from '@tr4ction/platform';
import { StagedSecretStores } from '@tr4ction/secrets';
import { AccessTokenLifetimeWindow } from '@tr4ction/tokens';
import { rotationServiceMigrations, ROTATION_SERVICE_SCHEMA } from './migrations';
import { RotationServiceModule } from './rotation-service.module';
import { replayRotation } from './rotation.replay';
import { RotationScheduler } from './scheduler/rotation.scheduler';

let secrets: SigningSecrets | undefined;
let bus: { rpc: RpcClient; proxy: ClientProxy } | undefined;
let scheduler: RotationScheduler | undefined;

runService({
  name: 'rotation-service',
  schema: rotationServiceSchema,
  dbSchema: ROTATION_SERVICE_SCHEMA,
  migrations: rotationServiceMigrations,
  async replay(dataSource, logger) {
    const counts = await replayRotation(dataSource);
    logger.info(counts, 'rotation-service projections rebuilt: signing_keys_v1, service_accounts_v1, rotation_jobs_v1');
    return counts.signing_keys + counts.service_accounts + counts.rotation_jobs;
  },
  async preflight(config, _dataSource, logger) {
    if (config.ENVIRONMENT === 'production' && config.TR4CTION_FAULT_ROTATION_HOLD_MS) {
      throw new Error('TR4CTION_FAULT_ROTATION_HOLD_MS is not allowed in production');
    }
    if (config.ENVIRONMENT === 'production' && config.TR4CTION_FAULT_ROTATION_KILL_AFTER_STEP) {
      throw new Error('TR4CTION_FAULT_ROTATION_KILL_AFTER_STEP is not allowed in production');
    }
    secrets = new SigningSecrets({
      onDevKey: (path) => logger.warn({ path }, 'SIGNING_KEYS_MASTER_KEY is not set: using a development master key from a local file (refused in production)'),
    });
    // Fails here, before anything listens, when production lacks a usable secret; names the variable only.
    if (config.JWT_ALGORITHM === 'HS256') await secrets.jwtSecret();
    else await secrets.masterKey();
    bus = await createRpcClient(config, 'rotation-service', 'rotation-service-client', config.RPC_TIMEOUT_MS, config.RPC_OUTAGE_GRACE_MS);
  },
  rootModule: (deps) => {
    if (!secrets || !bus) throw new Error('rotation-service preflight did not run');
    if (!deps.nats) throw new Error('rotation-service needs NATS');
    // A retiring key verifies as long as the longest access token that may still be live, and
    // auth-service takes that lifetime from the runtime settings: follow them like it does.
    const accessTokenWindow = new AccessTokenLifetimeWindow({
      envSeconds: deps.config.ACCESS_TOKEN_TTL_SECONDS,
      maxSeconds: SETTING_BOUNDS.access_token_ttl_seconds.max,
    });
    const settings = new RuntimeSettingsFollower({
      service: 'rotation-service',
      nats: deps.nats,
      rpc: bus.rpc,
      logger: deps.logger,
      authenticator: deps.bus.authenticator,
      onChange: (snapshot) => accessTokenWindow.observeSnapshot(snapshot, deps.clock.now().getTime()),
    });
    void settings.start();
    return RotationServiceModule.forRoot(deps, {
      secrets,
      accessTokenWindow,
      stores: StagedSecretStores.fromEnv(),
      readiness: () => (scheduler?.ready ? undefined : 'no_active_signing_key'),
    });
  },
  async afterStart(app) {
    const started = app.get(RotationScheduler);
    scheduler = started;
    await started.start();
  },
});
