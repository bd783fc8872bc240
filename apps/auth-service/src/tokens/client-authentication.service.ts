/**
 * Authenticates an OAuth client (a service account) by its client id and secret, for the token,
 * introspection and revocation endpoints. rotation-service owns the accounts and checks the secret;
 * it receives only the secret's SHA-256, never the secret. A failure is recorded as a
 * ClientAuthenticationFailed event (client id, endpoint and reason, never the secret) in the same
 * transaction as nothing else: the outbox makes it durable, the relay publishes it.
 */
import { Inject, Injectable } from '@nestjs/common';
import { RPC, type AuthenticatedClient, type ClientAuthenticationFailure, type OAuthEndpoint, type RequestMeta } from '@tr4ction/contracts';
import { buildEvent, RpcCallError, ServiceError, type RpcClient, type UnitOfWork } from '@tr4ction/messaging';
import { SERVICE_NAME, UNIT_OF_WORK } from '@tr4ction/platform';
import { hashOpaqueToken, opaqueTokenKind } from '@tr4ction/tokens';
import { SERVICE_RPC } from './tokens.constants';

/** A client id is ours (`sa-` + hex) or at least short and printable: anything else is not recorded verbatim. */
const MAX_CLIENT_ID = 128;

@Injectable()
export class ClientAuthenticationService {
  constructor(
    @Inject(SERVICE_RPC) private readonly rpc: RpcClient,
    @Inject(UNIT_OF_WORK) private readonly unitOfWork: UnitOfWork,
    @Inject(SERVICE_NAME) private readonly service: string,
  ) {}

  async authenticate(clientId: unknown, clientSecret: unknown, endpoint: OAuthEndpoint, meta: RequestMeta): Promise<AuthenticatedClient> {
    const id = typeof clientId === 'string' ? clientId : '';
    const wellFormed = typeof clientSecret === 'string' && opaqueTokenKind(clientSecret) === 'client_secret';
    // A malformed secret is still sent (as the hash of nothing), so it costs what a wrong one costs.
    const secretHash = hashOpaqueToken(wellFormed ? clientSecret : '');
    let client: AuthenticatedClient | undefined;
    try {
      client = await this.rpc.send(RPC.rotation.verifyClient, meta, { client_id: id, secret_hash: secretHash });
    } catch (err) {
      if (!(err instanceof RpcCallError) || err.code !== 'INVALID_CREDENTIALS') throw err;
    }
    if (!client || !wellFormed) {
      await this.recordFailure(id, wellFormed ? 'invalid_credentials' : 'malformed_secret', endpoint, meta);
      throw new ServiceError('INVALID_CREDENTIALS', 'Invalid client credentials');
    }
    return { id: client.id, client_id: client.client_id, scopes: client.scopes };
  }

  private async recordFailure(clientId: string, reason: ClientAuthenticationFailure, endpoint: OAuthEndpoint, meta: RequestMeta): Promise<void> {
    const claimed = clientId.slice(0, MAX_CLIENT_ID).replace(/[^\x20-\x7e]/g, '?');
    const event = buildEvent(this.service, meta, {
      type: 'ClientAuthenticationFailed',
      actor: { type: 'service_account', id: null },
      subject: { type: 'client', id: claimed },
      outcome: 'failure',
      data: { client_id: claimed, reason, endpoint },
    });
    await this.unitOfWork.run((_m, record) => record([event]));
  }
}
