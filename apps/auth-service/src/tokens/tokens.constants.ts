/** Injection tokens of auth-service's token features, built in main.ts / the root module. */
/** Request/reply to user-service and rotation-service. */
export const SERVICE_RPC = Symbol.for('tr4ction.auth.service-rpc');
export const TOKEN_ISSUER_INSTANCE = Symbol.for('tr4ction.auth.token-issuer');
export const TOKEN_LIFETIMES = Symbol.for('tr4ction.auth.token-lifetimes');
