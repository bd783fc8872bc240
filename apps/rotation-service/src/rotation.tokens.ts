/** Injection tokens of rotation-service's own infrastructure, built in main.ts before Nest. */
export const SIGNING_SECRETS = Symbol.for('tr4ction.rotation.signing-secrets');
