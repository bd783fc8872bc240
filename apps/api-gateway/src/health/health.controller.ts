import { Controller, Get, Inject, Res } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import type { NatsConnection } from 'nats';
import { RPC, SERVICES } from '@tr4ction/contracts';
import type { RpcClient, RuntimeSettingsFollower } from '@tr4ction/messaging';
import { GATEWAY_NATS, GATEWAY_RPC, RUNTIME_SETTINGS, TOKEN_STATE } from '../gateway.tokens';
import type { GatewayTokenState } from '../tokens/token-state';
import { ApiContract } from '../http/openapi/api-contract.decorator';

const SYSTEM = { actor: { type: 'system' as const, id: 'health' } };
/**
 * Requests that arrive while a readiness round is running share its answer: a flood of /health/ready
 * costs one round of pings at a time, not four RPCs per request, and no answer is older than the
 * request that gets it. Each replica's own detail is on its management port.
 */

interface Readiness {
  ok: boolean;
  checks: Record<string, unknown>;
}

@ApiTags('operations')
@Controller('health')
export class HealthController {
  constructor(
    @Inject(GATEWAY_RPC) private readonly rpc: RpcClient,
    @Inject(GATEWAY_NATS) private readonly nats: NatsConnection,
    @Inject(TOKEN_STATE) private readonly tokens: GatewayTokenState,
    @Inject(RUNTIME_SETTINGS) private readonly settings: RuntimeSettingsFollower,
  ) {}

  private running?: Promise<Readiness>;

  @Get()
  @ApiContract({
    id: 'health.live',
    summary: 'Liveness: the gateway process answers',
    success: { status: 200, description: 'The process answers', schema: 'Liveness' },
    gatewayOnly: true,
  })
  live(): { status: 'ok' } {
    return { status: 'ok' };
  }

  @Get('ready')
  @ApiContract({
    id: 'health.ready',
    summary: 'Readiness: Postgres, NATS and every service answer',
    success: [
      { status: 200, description: 'Ready', schema: 'Readiness' },
      { status: 503, description: 'Not ready: the checks say which dependency', schema: 'Readiness' },
    ],
    gatewayOnly: true,
  })
  async ready(@Res() reply: FastifyReply): Promise<void> {
    this.running ??= this.check().finally(() => (this.running = undefined));
    const { ok, checks } = await this.running;
    void reply
      .status(ok ? 200 : 503)
      .header('Cache-Control', 'no-store')
      .send({ status: ok ? 'ready' : 'not_ready', checks });
  }

  private async check(): Promise<Readiness> {
    const natsUp =
      !this.nats.isClosed() &&
      this.nats.info !== undefined &&
      (await this.nats.flush().then(
        () => true,
        () => false,
      ));
    const services = await Promise.all(
      SERVICES.map(async (s) => {
        const r = await this.rpc.send(RPC.ping(s), SYSTEM, {}, 1500).catch(() => undefined);
        return [s, r ? (r.ok ? 'up' : r.database ? 'not_ready' : 'database_unavailable') : 'unreachable'] as const;
      }),
    );
    const checks = {
      nats: natsUp ? 'up' : 'down',
      postgres: services.some(([, v]) => v === 'database_unavailable') ? 'down' : services.every(([, v]) => v === 'up') ? 'up' : 'unknown',
      services: Object.fromEntries(services),
    };
    const tokensReady = this.tokens.ready();
    // Until the runtime settings are in, CORS allows no origin (settings/cors-origins.ts).
    const settingsReady = this.settings.loaded();
    Object.assign(checks, { tokens: tokensReady ? 'up' : 'loading', settings: settingsReady ? 'up' : 'loading' });
    return { ok: natsUp && services.every(([, v]) => v === 'up') && tokensReady && settingsReady, checks };
  }
}
