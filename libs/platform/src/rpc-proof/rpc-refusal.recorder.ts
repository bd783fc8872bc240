/**
 * Records a refused request as an `RpcRefused` event through the service's own outbox, so the
 * refusal reaches the audit log like any other fact, and counts it. A failure to record is logged
 * and the request is still refused: recording never turns a refusal into an effect.
 */
import type { DataSource } from 'typeorm';
import { Counter, type Registry } from 'prom-client';
import type { RequestMeta } from '@tr4ction/contracts';
import { buildEvent, type EventRecorder, type OutboxRelay } from '@tr4ction/messaging';
import type { Logger } from '@tr4ction/telemetry';
import type { ProofDecision } from './rpc-proof.checker';

export type Refusal = Extract<ProofDecision, { allowed: false }>;

export interface RefusalSink {
  record(pattern: string, refusal: Refusal, meta: RequestMeta | undefined): Promise<void>;
}

export class RpcRefusalRecorder implements RefusalSink {
  private readonly refused: Counter<'pattern' | 'reason'>;

  constructor(
    private readonly deps: { service: string; dataSource: DataSource; recorder: EventRecorder; relay: OutboxRelay; logger: Logger; registry: Registry },
  ) {
    this.refused = new Counter({ name: 'tr4ction_rpc_refused_total', help: 'Requests this service refused for want of proof', labelNames: ['pattern', 'reason'], registers: [deps.registry] });
  }

  async record(pattern: string, refusal: Refusal, meta: RequestMeta | undefined): Promise<void> {
    this.refused.inc({ pattern, reason: refusal.reason });
    // Only the address and agent of the claimed metadata are kept, never its proof.
    const source: RequestMeta = { actor: refusal.actor, ...(typeof meta?.ip === 'string' ? { ip: meta.ip.slice(0, 64) } : {}), ...(typeof meta?.user_agent === 'string' ? { user_agent: meta.user_agent.slice(0, 256) } : {}) };
    const event = buildEvent(this.deps.service, source, {
      type: 'RpcRefused',
      subject: { type: 'rpc', id: pattern },
      outcome: 'failure',
      data: { pattern, reason: refusal.reason, proof: refusal.proof, actor_verified: refusal.actorVerified },
    });
    this.deps.logger.warn({ pattern, reason: refusal.reason, proof: refusal.proof, actor_type: refusal.actor.type, actor_verified: refusal.actorVerified }, 'request refused: insufficient proof');
    try {
      await this.deps.dataSource.transaction((manager) => this.deps.recorder.publishOnly(manager, [event]));
      this.deps.relay.wake();
    } catch (err) {
      this.deps.logger.error({ pattern, err_name: (err as Error).name }, 'could not record a refused request');
    }
  }
}
