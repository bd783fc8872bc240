/**
 * The services believe no CLI for being the CLI: each request that needs an operator's authority
 * (RPC_PROOF_RULES) carries an assertion signed with the CLI identity's own key
 * (BUS_SIGNING_KEY_CLI, through the secrets provider), bound to that request's pattern and payload,
 * valid for a minute and usable once. Loaded by CliContext only for commands that use the bus.
 */
import { OPERATOR_ASSERTION_TTL_SECONDS, proofRuleFor } from '@tr4ction/contracts';
import type { RequestProver } from '@tr4ction/messaging';
import { createSecretsProvider, secretsOptionsFromEnv } from '@tr4ction/secrets';
import { BusKeyError, loadMessageSigner, signOperatorAssertion, type MessageSigner } from '@tr4ction/security';
import { CliError } from './cli-error';
import { EXIT } from './exit-codes';

export async function loadOperatorProver(env: NodeJS.ProcessEnv, environment: string, operator: string): Promise<RequestProver> {
  let signer: MessageSigner;
  try {
    signer = await loadMessageSigner(createSecretsProvider(secretsOptionsFromEnv(env)), 'cli', { environment });
  } catch (err) {
    if (err instanceof BusKeyError)
      throw new CliError(
        EXIT.CONFIG,
        `cannot load the CLI's signing key: ${err.message}`,
        'Set BUS_SIGNING_KEY_CLI (and BUS_PUBLIC_KEYS) the way the services read their secrets.',
      );
    throw err;
  }
  return (pattern, data) =>
    proofRuleFor(pattern)?.proof === 'end_user'
      ? { kind: 'operator_assertion', assertion: signOperatorAssertion(signer, { operator, pattern, data, ttlSeconds: OPERATOR_ASSERTION_TTL_SECONDS }) }
      : undefined;
}
