/**
 * OAuth 2.0 client_credentials for service accounts, authenticated by ClientAuthenticationService
 * (a failure is audited). The token carries the granted scopes (or the requested subset), no roles.
 */
import { Inject, Injectable } from '@nestjs/common';
import { isGrantableScope, type RequestMeta, type Scope, type ClientCredentialsRequest, type ClientCredentialsToken } from '@tr4ction/contracts';
import { countTokenEvents } from './token-metrics';
import { buildEvent, ServiceError, type UnitOfWork } from '@tr4ction/messaging';
import { SERVICE_NAME, UNIT_OF_WORK } from '@tr4ction/platform';
import { RevocationService } from './revocation.service';
import { expiresIn } from './session.service';
import type { TokenIssuer } from './token-issuer';
import { TOKEN_ISSUER_INSTANCE } from './tokens.constants';
import { ClientAuthenticationService } from './client-authentication.service';

export type { ClientCredentialsRequest, ClientCredentialsToken };

@Injectable()
export class ClientCredentialsService {
  constructor(
    private readonly revocation: RevocationService,
    @Inject(TOKEN_ISSUER_INSTANCE) private readonly issuer: TokenIssuer,
    private readonly clients: ClientAuthenticationService,
    @Inject(UNIT_OF_WORK) private readonly unitOfWork: UnitOfWork,
    @Inject(SERVICE_NAME) private readonly service: string,
  ) {}

  async grant(req: ClientCredentialsRequest, meta: RequestMeta): Promise<ClientCredentialsToken> {
    const client = await this.clients.authenticate(req.client_id, req.client_secret, 'token', meta);
    // Only scopes of the table are ever granted (an account created before the table keeps the rest inert).
    const granted = client.scopes.filter(isGrantableScope);
    const requested = typeof req.scope === 'string' && req.scope.trim() !== '' ? [...new Set(req.scope.trim().split(/\s+/))] : granted;
    if (requested.some((s) => !granted.includes(s as Scope))) throw new ServiceError('INVALID_SCOPE', 'A requested scope is not granted to this client');
    const scope = requested.join(' ');
    const access = this.issuer.issue(client.id, [], scope, {
      issuedAtFloor: await this.revocation.cutoffFor(client.id),
      extra: { client_id: client.client_id },
    });
    const actor = { type: 'service_account' as const, id: client.id };
    await this.unitOfWork.run((_m, record) =>
      record(
        countTokenEvents([
          buildEvent(
            this.service,
            { ...meta, actor },
            {
              type: 'TokenIssued',
              actor,
              subject: { type: 'service-account', id: client.id },
              data: { jti: access.jti, kind: 'client_credentials', kid: access.kid, scope, expires_at: access.expiresAt.toISOString() },
            },
          ),
        ]),
      ),
    );
    return { access_token: access.token, token_type: 'Bearer', expires_in: expiresIn(access), scope };
  }
}
