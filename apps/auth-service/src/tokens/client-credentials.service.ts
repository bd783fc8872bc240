/**
 * OAuth 2.0 client_credentials for service accounts. rotation-service owns the accounts and
 * checks the secret; it receives only the secret's SHA-256, never the secret, so nothing on the
 * bus could be replayed against POST /auth/token. The token carries the granted scopes, no roles.
 */
import { Inject, Injectable } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import { RPC, type RequestMeta } from '@tr4ction/contracts';
import { countTokenEvents } from './token-metrics';
import { buildEvent, ServiceError, type EventRecorder, type OutboxRelay, type RpcClient } from '@tr4ction/messaging';
import { DATA_SOURCE, EVENT_RECORDER, OUTBOX_RELAY } from '@tr4ction/platform';
import { hashOpaqueToken, opaqueTokenKind } from '@tr4ction/tokens';
import { RevocationService } from './revocation.service';
import { expiresIn } from './session.service';
import type { TokenIssuer } from './token-issuer';
import { TOKEN_ISSUER_INSTANCE, SERVICE_RPC } from './tokens.constants';

const SERVICE = 'auth-service';

export interface ClientCredentialsRequest {
  grant_type: 'client_credentials';
  client_id: string;
  client_secret: string;
  scope?: string;
}

export interface ClientCredentialsToken {
  access_token: string;
  token_type: 'Bearer';
  expires_in: number;
  scope: string;
}

interface VerifiedClient {
  id: string;
  client_id: string;
  name: string;
  scopes: string[];
}

@Injectable()
export class ClientCredentialsService {
  constructor(
    private readonly revocation: RevocationService,
    @Inject(TOKEN_ISSUER_INSTANCE) private readonly issuer: TokenIssuer,
    @Inject(SERVICE_RPC) private readonly rpc: RpcClient,
    @Inject(DATA_SOURCE) private readonly dataSource: DataSource,
    @Inject(EVENT_RECORDER) private readonly recorder: EventRecorder,
    @Inject(OUTBOX_RELAY) private readonly relay: OutboxRelay,
  ) {}

  async grant(req: ClientCredentialsRequest, meta: RequestMeta): Promise<ClientCredentialsToken> {
    const secret = typeof req.client_secret === 'string' && opaqueTokenKind(req.client_secret) === 'client_secret' ? req.client_secret : '';
    // A malformed secret is still sent (as the hash of nothing), so it costs what a wrong one costs.
    const client = await this.rpc.send<{ client_id: string; secret_hash: string }, VerifiedClient>(RPC.rotation.verifyClient, meta, {
      client_id: String(req.client_id),
      secret_hash: hashOpaqueToken(secret),
    });
    const requested = typeof req.scope === 'string' && req.scope.trim() !== '' ? [...new Set(req.scope.trim().split(/\s+/))] : client.scopes;
    if (requested.some((s) => !client.scopes.includes(s))) throw new ServiceError('FORBIDDEN', 'A requested scope is not granted to this client');
    const scope = requested.join(' ');
    const access = this.issuer.issue(client.id, [], scope, { issuedAtFloor: await this.revocation.cutoffFor(client.id), extra: { client_id: client.client_id } });
    const actor = { type: 'service_account' as const, id: client.id };
    await this.dataSource.transaction((m) =>
      this.recorder.publishOnly(m, countTokenEvents([
        buildEvent(SERVICE, { ...meta, actor }, {
          type: 'TokenIssued',
          actor,
          subject: { type: 'service-account', id: client.id },
          data: { jti: access.jti, kind: 'client_credentials', kid: access.kid, scope, expires_at: access.expiresAt.toISOString() },
        }),
      ])),
    );
    this.relay.wake();
    return { access_token: access.token, token_type: 'Bearer', expires_in: expiresIn(access), scope };
  }
}
