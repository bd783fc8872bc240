/**
 * A process's bus keys, loaded once at boot: its own signer (its events carry its signature), the
 * verifier over every identity's pinned public key, and the event authenticator every consumer of
 * events goes through. A key problem stops the process before it touches the bus (exit 78, the
 * variable named, never its value).
 */
import { EventAuthenticator } from '@tr4ction/messaging';
import { createSecretsProvider, secretsOptionsFromEnv } from '@tr4ction/secrets';
import { BusKeyError, loadBusKeys, type MessageSigner, type MessageVerifier, type SecretSource } from '@tr4ction/security';
import type { Logger } from '@tr4ction/telemetry';

export interface BusSecurity {
  signer: MessageSigner;
  verifier: MessageVerifier;
  authenticator: EventAuthenticator;
}

export async function loadBusSecurity(identity: string, environment: string, logger: Logger, secrets?: SecretSource): Promise<BusSecurity> {
  try {
    const source = secrets ?? createSecretsProvider(secretsOptionsFromEnv(process.env));
    const { signer, verifier, development } = await loadBusKeys(source, identity, { environment });
    if (development)
      logger.warn(
        { key_id: signer.keyId },
        'bus keys are the public development keys: event signatures prove nothing (set BUS_SIGNING_KEY_* and BUS_PUBLIC_KEYS)',
      );
    return { signer, verifier, authenticator: new EventAuthenticator(verifier, logger) };
  } catch (err) {
    if (err instanceof BusKeyError) {
      logger.fatal({ problems: [err.message] }, 'refusing to start: bus signing keys');
      process.exit(78); // EX_CONFIG
    }
    throw err;
  }
}
