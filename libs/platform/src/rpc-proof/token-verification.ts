/**
 * Local access-token verification, the same in the gateway and in every service: the in-memory
 * token state, its event-driven sync and the verifier reading from it. In HS256 (runbook) mode the
 * verifier accepts HS256 only, with JWT_SECRET_KEY from the secrets provider; otherwise it accepts
 * the asymmetric algorithms only, so an RSA public key can never be replayed as an HMAC secret.
 */
import type { NatsConnection } from 'nats';
import type { Registry } from 'prom-client';
import type { EventAuthenticator, RpcClient } from '@tr4ction/messaging';
import type { Logger } from '@tr4ction/telemetry';
import { AccessTokenVerifier, TokenState } from '@tr4ction/tokens';
import { clockFromEnv } from '../clock';
import { TOKEN_AUDIENCE } from '../jwt-secret';
import type { SigningSecrets } from '../signing-secrets';
import { TokenStateSync } from './token-state.sync';

export interface TokenVerification {
  state: TokenState;
  sync: TokenStateSync;
  verifier: AccessTokenVerifier;
}

export interface TokenVerificationDeps {
  service: string;
  /** Names the event follower in the bus-security alert metric; default `<service>-token-state`. */
  watcher?: string;
  /** RS256, ES256 or HS256; HS256 needs `secrets` (only the holders of JWT_SECRET_KEY verify locally). */
  algorithm: string;
  /** The `iss` of the platform's tokens (tokenIssuer(config)): verified, and the key of denials. */
  issuer: string;
  secrets: SigningSecrets | undefined;
  nats: NatsConnection;
  /** Every key or revocation event is authenticated (signature, owner) before it is applied. */
  authenticator: EventAuthenticator;
  rpc: RpcClient;
  logger: Logger;
  registry: Registry;
  resyncMs: number;
  /** The key set alone reloads at least this often (the gateway: its JWKS cache period); default `resyncMs`. */
  keysResyncMs?: number;
  /** How long a replaced HS256 secret keeps verifying: the longest access-token lifetime that may be live. */
  accessTokenTtlSeconds: () => number;
  /** Milliseconds since the epoch; default the process clock (TR4CTION_CLOCK_OFFSET_MS applied). */
  now?: () => number;
}

export function createTokenVerification(deps: TokenVerificationDeps): TokenVerification {
  const hmac = deps.algorithm === 'HS256';
  const clock = clockFromEnv();
  const now = deps.now ?? ((): number => clock.now().getTime());
  const state = new TokenState(hmac ? 'hmac' : 'asymmetric', now);
  const sync = new TokenStateSync({
    service: deps.service,
    ...(deps.watcher ? { watcher: deps.watcher } : {}),
    state,
    rpc: deps.rpc,
    nats: deps.nats,
    authenticator: deps.authenticator,
    logger: deps.logger,
    resyncMs: deps.resyncMs,
    ...(deps.keysResyncMs ? { keysResyncMs: deps.keysResyncMs } : {}),
    issuer: deps.issuer,
    accessTokenTtlSeconds: deps.accessTokenTtlSeconds,
    secrets: deps.secrets,
    registry: deps.registry,
  });
  const verifier = new AccessTokenVerifier({
    issuer: deps.issuer,
    audience: TOKEN_AUDIENCE,
    allowedAlgs: hmac ? ['HS256'] : ['RS256', 'ES256'],
    resolveKey: (kid) => state.resolveKey(kid),
    now,
  });
  return { state, sync, verifier };
}
