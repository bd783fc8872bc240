/**
 * The rotation engine as rotation-service's integration specs wire it by hand, on the shared
 * integration Postgres (schema `rotation`) and the real NATS JetStream: the outbox relay, the
 * UnitOfWork, the job rows and the staged runner, plus the arguments every store rotation takes
 * after its own. One place, so a new dependency of the engine changes one file, not every spec.
 */
import type { DataSource } from 'typeorm';
import { connect, type NatsConnection } from 'nats';
import type { ConfigOf, rotationServiceSchema } from '@tr4ction/config';
import { ensureStreams, EventRecorder, OutboxRelay, UnitOfWork } from '@tr4ction/messaging';
import { createServiceDataSource } from '@tr4ction/persistence';
import type { Clock, SigningSecrets } from '@tr4ction/platform';
import { StagedSecretStores, type FileStagedSecretStore, type StagedSecretStore } from '@tr4ction/secrets';
import type { Logger } from '@tr4ction/telemetry';
import { AccessTokenLifetimeWindow } from '@tr4ction/tokens';
import { integrationEnv, testBusKeys } from '@tr4ction/testing';
import { DatabasePasswordRotation } from '../database-passwords/database-password.rotation';
import { RotationScheduler } from '../scheduler/rotation.scheduler';
import { ServiceAccountSecretRotation } from '../service-accounts/service-account-secret.rotation';
import { ServiceAccountAggregates } from '../service-accounts/service-account-aggregates';
import { ServiceAccountsRepository } from '../service-accounts/service-accounts.repository';
import { ServiceAccountsService } from '../service-accounts/service-accounts.service';
import { JwtSecretRotation } from '../signing-keys/jwt-secret.rotation';
import { SigningKeyAggregates } from '../signing-keys/signing-key-aggregates';
import { SigningKeysRepository } from '../signing-keys/signing-keys.repository';
import { SigningKeysService } from '../signing-keys/signing-keys.service';
import { RotationJobsRepository } from '../staged-rotation/rotation-jobs.repository';
import { StagedRotationRunner } from '../staged-rotation/staged-rotation.runner';

export const ROTATION_SERVICE = 'rotation-service';
type Config = ConfigOf<typeof rotationServiceSchema>;

/** A pool on the integration database's `rotation` schema (migrated by the integration set-up), named for the spec. */
export async function rotationDataSource(service: string, poolSize?: number): Promise<DataSource> {
  const ds = createServiceDataSource({
    url: integrationEnv().databaseUrl,
    schema: 'rotation',
    service,
    migrations: [],
    ...(poolSize === undefined ? {} : { poolSize }),
  });
  await ds.initialize();
  return ds;
}

/** A NATS connection with the platform's streams in place. */
export async function connectBus(): Promise<NatsConnection> {
  const nc = await connect(integrationEnv().natsOptions);
  await ensureStreams(await nc.jetstreamManager());
  return nc;
}

export class RotationEngine {
  readonly recorder = new EventRecorder('rotation');
  readonly relay: OutboxRelay;
  readonly unitOfWork: UnitOfWork;
  readonly jobs: RotationJobsRepository;
  readonly runner: StagedRotationRunner;

  constructor(
    readonly ds: DataSource,
    nc: NatsConnection,
    readonly clock: Clock,
    readonly config: Config,
    readonly logger: Logger,
  ) {
    this.relay = new OutboxRelay(ds, 'rotation', nc.jetstream(), testBusKeys().signer(ROTATION_SERVICE), logger);
    this.unitOfWork = new UnitOfWork(ds, this.recorder, this.relay);
    this.jobs = new RotationJobsRepository(ds);
    this.runner = new StagedRotationRunner(this.jobs, this.unitOfWork, ROTATION_SERVICE, clock, logger, config);
  }

  /**
   * What a store rotation's constructor takes after the jobs, the runner and its own dependencies:
   * stores, secrets, recorder, clock, config, logger, service name.
   */
  storeRotationArgs<S>(stores: StagedSecretStores, secrets: S) {
    return [stores, secrets, this.recorder, this.clock, this.config, this.logger, ROTATION_SERVICE] as const;
  }

  /** The signing-key lifecycle on this engine, with an access-token window of the configured lifetime. */
  signingKeys(secrets: SigningSecrets): SigningKeysService {
    const ttl = this.config.ACCESS_TOKEN_TTL_SECONDS;
    const window = new AccessTokenLifetimeWindow({ envSeconds: ttl, maxSeconds: ttl });
    window.observe(ttl, Date.now(), null);
    return new SigningKeysService(
      new SigningKeysRepository(this.ds),
      new SigningKeyAggregates(this.recorder),
      this.unitOfWork,
      ROTATION_SERVICE,
      this.clock,
      this.config,
      this.logger,
      secrets,
      window,
    );
  }

  /** Service accounts on this engine, their secrets kept in `stores`. */
  serviceAccounts(stores: StagedSecretStores): ServiceAccountsService {
    return new ServiceAccountsService(
      new ServiceAccountsRepository(this.ds),
      new ServiceAccountAggregates(this.recorder),
      this.unitOfWork,
      ROTATION_SERVICE,
      this.clock,
      this.config,
      this.logger,
      stores,
    );
  }

  /** The staged rotation of service-account secrets kept in `stores`. */
  accountSecrets(accounts: ServiceAccountsService, stores: StagedSecretStores): ServiceAccountSecretRotation {
    return new ServiceAccountSecretRotation(
      new ServiceAccountsRepository(this.ds),
      new ServiceAccountAggregates(this.recorder),
      accounts,
      this.jobs,
      this.runner,
      stores,
      this.clock,
    );
  }

  /** The scheduler over the given features, with the JWT secret and database passwords rotated from `stores`. */
  scheduler(parts: {
    keys: SigningKeysService;
    accounts: ServiceAccountsService;
    accountSecrets: ServiceAccountSecretRotation;
    stores: StagedSecretStores;
    secrets: SigningSecrets;
  }): { scheduler: RotationScheduler; jwtSecret: JwtSecretRotation; dbPasswords: DatabasePasswordRotation } {
    const jwtSecret = new JwtSecretRotation(this.jobs, this.runner, ...this.storeRotationArgs(parts.stores, parts.secrets));
    const dbPasswords = new DatabasePasswordRotation(this.jobs, this.runner, ...this.storeRotationArgs(parts.stores, parts.secrets));
    const scheduler = new RotationScheduler(parts.keys, parts.accounts, parts.accountSecrets, jwtSecret, this.config, this.logger, dbPasswords);
    return { scheduler, jwtSecret, dbPasswords };
  }
}

/** File stores in `fileDir` whose every provider is `store` (a fault-injecting one, say). */
export function storesServing(store: StagedSecretStore, fileDir: string): StagedSecretStores {
  return Object.assign(new StagedSecretStores({ fileDir }), { get: () => store }) as StagedSecretStores;
}

/** The real file store, except that the next `finish` of `name` fails once (a store outage at the last step). */
export class FinishFailsOnce implements StagedSecretStore {
  readonly provider = 'file' as const;
  armed = false;

  constructor(
    private readonly real: FileStagedSecretStore,
    private readonly name: string,
  ) {}

  createPending(name: string, versionId: string, value: string) {
    return this.real.createPending(name, versionId, value);
  }
  pending(name: string) {
    return this.real.pending(name);
  }
  current(name: string) {
    return this.real.current(name);
  }
  async finish(name: string, versionId: string) {
    if (this.armed && name === this.name) {
      this.armed = false;
      throw Object.assign(new Error('store unreachable'), { name: 'StoreUnreachable' });
    }
    return this.real.finish(name, versionId);
  }
}
