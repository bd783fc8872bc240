/**
 * Canary: a sentinel secret value is pushed through every failure path (as the value, inside
 * foreign error messages, names and response bodies, and in the wrong argument position) and
 * must never come back out of a thrown error, however a logger chooses to render it.
 */
import { randomBytes } from 'node:crypto';
import { inspect } from 'node:util';
import { GetSecretValueCommand, SecretsManagerClient, SecretsManagerServiceException } from '@aws-sdk/client-secrets-manager';
import { GetParameterCommand, ParameterNotFound, SSMClient } from '@aws-sdk/client-ssm';
import { mockClient } from 'aws-sdk-client-mock';
import { AwsSecretsManagerProvider } from './aws-secrets-manager.provider';
import { AwsSsmProvider } from './aws-ssm.provider';
import { CachedSecrets } from './cached-secrets.provider';
import { EnvSecretsProvider } from './env.provider';
import { FileSecretsProvider } from './file.provider';
import { secretsOptionsFromEnv } from './secrets-provider.factory';
import { SecretsError } from './secrets.errors';
import { assertStrongSecret } from './strong-secret.guard';

const CORE = randomBytes(24).toString('hex');
// The separators make it an impossible key name, so the "value passed as key" path is exercised too.
const SENTINEL = `canary/${CORE}+=`;

function leaky(name: string, extra: Record<string, unknown> = {}): Error {
  return Object.assign(new Error(`upstream said: ${SENTINEL}`), { name, ...extra });
}

function smWith(error: Error): AwsSecretsManagerProvider {
  const client = new SecretsManagerClient({ region: 'eu-west-1' });
  mockClient(client).on(GetSecretValueCommand).rejects(error);
  return new AwsSecretsManagerProvider({ client });
}

function ssmWith(error: Error): AwsSsmProvider {
  const client = new SSMClient({ region: 'eu-west-1' });
  mockClient(client).on(GetParameterCommand).rejects(error);
  return new AwsSsmProvider({ client });
}

async function thrownBy(action: () => unknown): Promise<unknown> {
  try {
    await action();
  } catch (error: unknown) {
    return error;
  }
  throw new Error('expected the action to fail');
}

const scenarios: Array<[string, () => unknown]> = [
  ['guard: too short', () => assertStrongSecret('JWT_SECRET_KEY', SENTINEL, { minBytes: 4096 })],
  ['guard: known default', () => assertStrongSecret('JWT_SECRET_KEY', SENTINEL, { minBytes: 1, knownDefaults: [SENTINEL] })],
  ['env: value passed as key', () => new EnvSecretsProvider({}).get(SENTINEL)],
  ['file: value passed as key', () => new FileSecretsProvider({ dir: '/nonexistent' }).getOptional(SENTINEL)],
  [
    'file: EACCES quoting the value',
    () => new FileSecretsProvider({ readFile: () => Promise.reject(leaky('Error', { code: 'EACCES' })) }).get('JWT_SECRET_KEY'),
  ],
  [
    'file: error code is the value',
    () => new FileSecretsProvider({ readFile: () => Promise.reject(leaky(SENTINEL, { code: SENTINEL })) }).get('JWT_SECRET_KEY'),
  ],
  [
    'secrets manager: denied with the body attached',
    () =>
      smWith(
        Object.assign(new SecretsManagerServiceException({ name: 'AccessDeniedException', message: `denied ${SENTINEL}`, $fault: 'client', $metadata: {} }), {
          $response: { body: SENTINEL },
        }),
      ).get('JWT_SECRET_KEY'),
  ],
  ['secrets manager: error named after the value', () => smWith(leaky(`k${CORE}`)).get('JWT_SECRET_KEY')],
  [
    'secrets manager: non-UTF-8 binary holding the value',
    () => {
      const client = new SecretsManagerClient({ region: 'eu-west-1' });
      mockClient(client)
        .on(GetSecretValueCommand)
        .resolves({ SecretBinary: Uint8Array.from([...Buffer.from(SENTINEL), 0xff]) });
      return new AwsSecretsManagerProvider({ client }).get('SIGNING_KEYS_MASTER_KEY');
    },
  ],
  ['ssm: timeout quoting the value', () => ssmWith(leaky('TimeoutError')).get('JWT_SECRET_KEY')],
  ['ssm: not found quoting the value', () => ssmWith(new ParameterNotFound({ message: SENTINEL, $metadata: {} })).get('AUDIT_CHECKPOINT_KEY')],
  [
    'cache: failure surfaced by refresh',
    () => new CachedSecrets(ssmWith(leaky('ECONNREFUSED', { code: 'ECONNREFUSED' })), { ttlMs: 1000 }).refresh('JWT_SECRET_KEY'),
  ],
  ['config: value pasted into SECRETS_PROVIDER', () => secretsOptionsFromEnv({ SECRETS_PROVIDER: SENTINEL })],
];

describe('secret value canary', () => {
  it.each(scenarios)('%s: the error never contains the value', async (_label, action) => {
    const error = await thrownBy(action);
    expect(error).toBeInstanceOf(SecretsError);
    const renderings = [
      (error as SecretsError).message,
      String((error as SecretsError).stack),
      JSON.stringify(error),
      String(error),
      inspect(error, { showHidden: true, depth: 10 }),
    ];
    for (const text of renderings) {
      expect(text).not.toContain(CORE);
    }
  });
});
