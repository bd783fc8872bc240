/**
 * The pinned bus public keys as the CLI reads them (BUS_PUBLIC_KEYS through the secrets provider),
 * loaded by CliContext only for commands that watch events.
 */
import { createSecretsProvider, secretsOptionsFromEnv } from '@tr4ction/secrets';
import { BusKeyError, loadMessageVerifier, type MessageVerifier } from '@tr4ction/security';
import { CliError } from './cli-error';
import { EXIT } from './exit-codes';

export async function loadCliBusVerifier(env: NodeJS.ProcessEnv, environment: string): Promise<MessageVerifier> {
  try {
    return (await loadMessageVerifier(createSecretsProvider(secretsOptionsFromEnv(env)), { environment })).verifier;
  } catch (err) {
    if (err instanceof BusKeyError) throw new CliError(EXIT.CONFIG, err.message, 'Set BUS_PUBLIC_KEYS to the pinned bus public keys of the stack.');
    throw err;
  }
}
