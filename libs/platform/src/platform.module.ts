import { Global, Module, type DynamicModule } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import type { NatsConnection } from 'nats';
import { UnitOfWork, type EventRecorder, type OutboxRelay } from '@tr4ction/messaging';
import { SERVICES } from '@tr4ction/contracts';
import type { Logger } from '@tr4ction/telemetry';
import type { BusSecurity } from './bus-security';
import type { Clock } from './clock';
import { createMetricsController } from './metrics.controller';
import {
  BUS_SECURITY,
  CLOCK,
  DATA_SOURCE,
  EVENT_RECORDER,
  LOGGER,
  NATS_CONNECTION,
  OUTBOX_RELAY,
  RPC_PROOF,
  SERVICE_CONFIG,
  SERVICE_NAME,
  UNIT_OF_WORK,
} from './tokens';
import type { RpcProof } from './rpc-proof/rpc-proof.setup';

export interface PlatformDeps {
  service: string;
  config: unknown;
  logger: Logger;
  clock: Clock;
  dataSource?: DataSource;
  nats?: NatsConnection;
  recorder?: EventRecorder;
  relay?: OutboxRelay;
  /** Made from the three above when not given (modules mounted alone in specs). */
  unitOfWork?: UnitOfWork;
  bus?: BusSecurity;
  /** The service's proof checking (bootstrapService); its readiness joins the ping's. */
  proof?: RpcProof;
}

/** Hands the infrastructure built before Nest (connections, relay, logger) to every module. */
@Global()
@Module({})
export class PlatformModule {
  static forRoot(deps: PlatformDeps): DynamicModule {
    const providers = [
      { provide: SERVICE_NAME, useValue: deps.service },
      { provide: SERVICE_CONFIG, useValue: deps.config },
      { provide: LOGGER, useValue: deps.logger },
      { provide: CLOCK, useValue: deps.clock },
      { provide: DATA_SOURCE, useValue: deps.dataSource },
      { provide: NATS_CONNECTION, useValue: deps.nats },
      { provide: EVENT_RECORDER, useValue: deps.recorder },
      { provide: OUTBOX_RELAY, useValue: deps.relay },
      {
        provide: UNIT_OF_WORK,
        useValue: deps.unitOfWork ?? (deps.dataSource && deps.recorder ? new UnitOfWork(deps.dataSource, deps.recorder, deps.relay) : undefined),
      },
      { provide: BUS_SECURITY, useValue: deps.bus },
      { provide: RPC_PROOF, useValue: deps.proof },
    ];
    const service = SERVICES.find((s) => s === deps.service);
    // Every service answers the gateway's metrics scrape; tests that mount a module alone skip it.
    const controllers = service ? [createMetricsController(service)] : [];
    return { module: PlatformModule, controllers, providers, exports: providers.map((p) => p.provide) };
  }
}
