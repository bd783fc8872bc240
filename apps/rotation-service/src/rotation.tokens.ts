/** Injection tokens of rotation-service's own infrastructure, built in main.ts before Nest. */
export const SIGNING_SECRETS = Symbol.for('tr4ction.rotation.signing-secrets');
/** AccessTokenLifetimeWindow: how long a retiring key keeps verifying (follows the runtime settings). */
export const ACCESS_TOKEN_WINDOW = Symbol.for('tr4ction.rotation.access-token-window');
/** StagedSecretStores: the writable secret stores staged rotations go through. */
export const STAGED_STORES = Symbol.for('tr4ction.rotation.staged-stores');
