import type { SecretsProviderName } from './secrets-provider.interface';

/** The providers that can be written to; `env` is read-only by nature. */
export const STAGED_STORE_PROVIDERS = ['file', 'aws-secrets-manager', 'aws-ssm'] as const;
export type StagedStoreProvider = (typeof STAGED_STORE_PROVIDERS)[number] & SecretsProviderName;

/** One version of a secret in a store. `versionId` is chosen by the rotation engine (or `initial` for a hand-written value). */
export interface StagedVersion {
  versionId: string;
  value: string;
}

/**
 * A store a rotation can write through, in the four steps of AWS Secrets Manager: the engine
 * generates a value and *creates* it as pending (clients keep reading current), *sets* and *tests*
 * it where it is used (no store call), then *finishes*: pending becomes current and the old current
 * is kept as previous for the overlap. Each call is idempotent for one `versionId`, so a rotation
 * that crashed at any point resumes by repeating the step it was in.
 */
export interface StagedSecretStore {
  readonly provider: StagedStoreProvider;
  /** Step 1. A no-op when `versionId` is already pending or current; replaces any other pending version. */
  createPending(name: string, versionId: string, value: string): Promise<void>;
  /** The pending version, or undefined when none is pending. */
  pending(name: string): Promise<StagedVersion | undefined>;
  /** What clients read now, or undefined when the secret does not exist. */
  current(name: string): Promise<StagedVersion | undefined>;
  /** Step 4. Makes `versionId` current and the old current previous; a no-op once done. */
  finish(name: string, versionId: string): Promise<void>;
}

/** The version id a value has when it was written by hand, outside any rotation. */
export const UNVERSIONED = 'initial';

export function isStagedStoreProvider(value: unknown): value is StagedStoreProvider {
  return typeof value === 'string' && (STAGED_STORE_PROVIDERS as readonly string[]).includes(value);
}
