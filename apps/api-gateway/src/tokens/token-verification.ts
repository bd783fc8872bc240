/**
 * The gateway's local token verification: the shared one of @tr4ction/platform (every service
 * verifies the tokens it is sent the same way), fed with the gateway's configuration.
 */
import type { NatsConnection } from 'nats';
import type { Registry } from 'prom-client';
import type { ConfigOf, gatewaySchema } from '@tr4ction/config';
import type { EventAuthenticator, RpcClient } from '@tr4ction/messaging';
import {
  clockFromEnv,
  createTokenVerification as createSharedTokenVerification,
  SigningSecrets,
  tokenIssuer,
  type TokenVerification,
} from '@tr4ction/platform';
import type { Logger } from '@tr4ction/telemetry';
import type { AccessTokenLifetimeWindow } from '@tr4ction/tokens';

export type { TokenVerification };

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
  authenticator: EventAuthenticator;
  rpc: RpcClient;
  logger: Logger;
  registry: Registry;
  /** Follows the runtime settings: how long a replaced HS256 secret keeps verifying. */
  accessTokenWindow: Pick<AccessTokenLifetimeWindow, 'seconds'>;
}): TokenVerification {
  const clock = clockFromEnv();
  return createSharedTokenVerification({
    service: 'api-gateway',
    watcher: 'gateway-token-state',
    algorithm: deps.config.JWT_ALGORITHM,
    secrets: deps.secrets,
    nats: deps.nats,
    rpc: deps.rpc,
    authenticator: deps.authenticator,
    logger: deps.logger,
    issuer: tokenIssuer(deps.config),
    registry: deps.registry,
    resyncMs: deps.config.TOKEN_STATE_RESYNC_MS,
    // The JWKS it serves may be cached this long: its own copy is never staler than that.
    keysResyncMs: deps.config.JWKS_CACHE_SECONDS * 1000,
    accessTokenTtlSeconds: () => deps.accessTokenWindow.seconds(clock.now().getTime()),
  });
}
