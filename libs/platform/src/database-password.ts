/**
 * A service's database password from the secrets store (DATABASE_PASSWORD_<IDENTITY>), when it is
 * kept in a writable one (file, AWS): rotation-service rotates it there, and the pool reads it at
 * each new connection (RotatingPassword). Otherwise, or when the store has no such secret, the
 * password in DATABASE_URL is used as before, and never rotated.
 */
import { RotatingPassword, type PasswordCandidates } from '@tr4ction/persistence';
import { databasePasswordKey, isSecretsError, isStagedStoreProvider, secretsOptionsFromEnv, StagedSecretStores } from '@tr4ction/secrets';

export async function databasePasswordFromStore(identity: string, env: NodeJS.ProcessEnv = process.env): Promise<RotatingPassword | undefined> {
  const { provider } = secretsOptionsFromEnv(env);
  if (!isStagedStoreProvider(provider)) return undefined;
  const stores = StagedSecretStores.fromEnv(env);
  const store = stores.get(provider);
  const name = await stores.nameOf(provider, databasePasswordKey(identity));
  const load = async (): Promise<PasswordCandidates> => ({
    current: (await store.current(name))?.value.trim() || undefined,
    pending: (await store.pending(name))?.value.trim() || undefined,
  });
  // A store this process may not read it from (no IAM grant for it) is one that does not keep it:
  // a deployment that keeps the password in DATABASE_URL must not stop booting on upgrade.
  const first: PasswordCandidates = await load().catch((err: unknown) => {
    if (isSecretsError(err) && err.code === 'SECRET_ACCESS_DENIED') return {};
    throw err;
  });
  if (!first.current) return undefined;
  return new RotatingPassword(load).init();
}
