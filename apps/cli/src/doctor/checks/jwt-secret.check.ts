import { assertStrongSecret, createSecretsProvider, isSecretsError, secretsOptionsFromEnv } from '@tr4ction/secrets';
import { fail, pass, type DoctorCheck } from '../doctor-check';

const KEY = 'JWT_SECRET_KEY';
const MIN_BYTES = 32;

/**
 * The token signing secret, read the way the services read it (the configured secrets provider),
 * held to the services' own production guard: 32+ bytes and not a published default. The value is
 * never printed, only its length.
 */
export const jwtSecretCheck: DoctorCheck = {
  id: 'jwt-secret',
  title: 'token signing secret (JWT_SECRET_KEY) strong and not a known default',
  async run({ env }) {
    let secret: string;
    let provider = 'env';
    try {
      const options = secretsOptionsFromEnv(env);
      provider = options.provider;
      secret = await createSecretsProvider(options).get(KEY);
    } catch (err) {
      if (isSecretsError(err)) return fail(err.message, `store a fresh secret: \`tr4ction secrets generate --hex ${MIN_BYTES}\`, then put it in ${provider === 'env' ? KEY : `the ${provider} provider under ${KEY}`}`);
      throw err;
    }
    try {
      assertStrongSecret(KEY, secret, { minBytes: MIN_BYTES });
    } catch (err) {
      if (isSecretsError(err)) return fail(`${err.message} (read from the ${provider} provider)`, `replace it: \`tr4ction secrets generate --hex ${MIN_BYTES}\` (docs/runbooks/monthly-rotation.md)`);
      throw err;
    }
    return pass(`${KEY} from the ${provider} provider: ${Buffer.byteLength(secret, 'utf8')} bytes, not a known default`);
  },
};
