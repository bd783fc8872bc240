/**
 * Login: user-service checks the credentials (it owns hashes and lockout); the session feature
 * issues the access token and an opaque refresh token, recording TokenIssued in the same
 * transaction as the refresh token row.
 */
import { Inject, Injectable } from '@nestjs/common';
import { RPC, type RequestMeta } from '@tr4ction/contracts';
import type { RpcClient } from '@tr4ction/messaging';
import { SessionService, type TokenPair } from '../tokens/session.service';
import { SERVICE_RPC } from '../tokens/tokens.constants';
import type { LoginRequest, VerifiedUser } from './login.types';

@Injectable()
export class LoginService {
  constructor(
    @Inject(SERVICE_RPC) private readonly users: RpcClient,
    private readonly sessions: SessionService,
  ) {}

  async login(req: LoginRequest, meta: RequestMeta): Promise<TokenPair> {
    const user = await this.users.send<LoginRequest, VerifiedUser>(RPC.user.verifyCredentials, meta, req);
    return this.sessions.start(user, meta);
  }
}
