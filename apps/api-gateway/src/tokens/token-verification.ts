/**
 * Builds the gateway's local token verification: the in-memory token state, its event-driven
 * sync and the verifier reading from it. In HS256 (runbook) mode the verifier accepts HS256 only,
 * with JWT_SECRET_KEY from the secrets provider (a weak or default secret stops the boot); in the
 * default mode it accepts the asymmetric algorithms only, so an RSA public key can never be
 * replayed as an HMAC secret.
 */
import type { NatsConnection } from 'nats';
import type { Registry } from 'prom-client';
import type { ConfigOf, gatewaySchema } from '@tr4ction/config';
import type { RpcClient } from '@tr4ction/messaging';
import { clockFromEnv, SigningSecrets, TOKEN_AUDIENCE, tokenIssuer } from '@tr4ction/platform';
import type { Logger } from '@tr4ction/telemetry';
import { AccessTokenVerifier, type AccessTokenLifetimeWindow } from '@tr4ction/tokens';
import { GatewayTokenState } from './token-state';
import { TokenStateSync } from './token-state.sync';

export interface TokenVerification {
  state: GatewayTokenState;
  sync: TokenStateSync;
  verifier: AccessTokenVerifier;
}

/**
 * Runs first in main, before any connection: in HS256 mode a missing, short or default
 * JWT_SECRET_KEY stops the gateway here (the error names the variable, never the value).
 */
export async function checkTokenSecrets(config: ConfigOf<typeof gatewaySchema>): Promise<SigningSecrets | undefined> {
  if (config.JWT_ALGORITHM !== 'HS256') return undefined;
  const secrets = new SigningSecrets();
  await secrets.jwtSecret();
  return secrets;
}

export function createTokenVerification(deps: {
  config: ConfigOf<typeof gatewaySchema>;
  secrets: SigningSecrets | undefined;
  nats: NatsConnection;
  rpc: RpcClient;
  logger: Logger;
  registry: Registry;
  /** Follows the runtime settings: how long a replaced HS256 secret keeps verifying. */
  accessTokenWindow: Pick<AccessTokenLifetimeWindow, 'seconds'>;
}): TokenVerification {
  const { config, secrets } = deps;
  const hmac = config.JWT_ALGORITHM === 'HS256';
  const clock = clockFromEnv();
  const now = (): number => clock.now().getTime();
  const state = new GatewayTokenState(hmac ? 'hmac' : 'asymmetric', now);
  const sync = new TokenStateSync({
    state,
    rpc: deps.rpc,
    nats: deps.nats,
    logger: deps.logger,
    resyncMs: config.TOKEN_STATE_RESYNC_MS,
    issuer: tokenIssuer(config),
    accessTokenTtlSeconds: () => deps.accessTokenWindow.seconds(now()),
    secrets,
    registry: deps.registry,
  });
  const verifier = new AccessTokenVerifier({
    issuer: tokenIssuer(config),
    audience: TOKEN_AUDIENCE,
    allowedAlgs: hmac ? ['HS256'] : ['RS256', 'ES256'],
    resolveKey: (kid) => state.resolveKey(kid),
    now,
  });
  return { state, sync, verifier };
}
