import { Controller, Inject, Optional, type Type } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import { RPC, type PingReply, type SERVICES } from '@tr4ction/contracts';
import type { RpcProof } from './rpc-proof/rpc-proof.setup';
import { DATA_SOURCE, RPC_PROOF } from './tokens';
import { RpcHandler } from '@tr4ction/messaging';

export type { PingReply };

/** Says why the service cannot serve yet, or undefined when it can. */
export type ReadinessCheck = () => string | undefined;

/**
 * Readiness probe over NATS: answers only if this service can also reach its database, can judge
 * the proof requests carry (keys and revocations loaded) and, when given, its own readiness check passes.
 */
export function createPingController(service: (typeof SERVICES)[number], readiness?: ReadinessCheck): Type<unknown> {
  @Controller()
  class PingController {
    constructor(
      @Inject(DATA_SOURCE) private readonly dataSource: DataSource,
      @Optional() @Inject(RPC_PROOF) private readonly proof?: RpcProof,
    ) {}

    @RpcHandler(RPC.ping(service))
    async ping(): Promise<PingReply> {
      const database = await this.dataSource
        .query('SELECT 1')
        .then(() => true)
        .catch(() => false);
      const notReady = database ? (this.proof?.notReady() ?? readiness?.()) : undefined;
      return { service, ok: database && notReady === undefined, database, ...(notReady ? { not_ready: notReady } : {}) };
    }
  }
  return PingController;
}
