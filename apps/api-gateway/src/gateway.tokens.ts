/** Injection tokens of the gateway's infrastructure, built in main.ts before Nest. */
export const GATEWAY_RPC = Symbol.for('tr4ction.gateway.rpc');
export const GATEWAY_CONFIG = Symbol.for('tr4ction.gateway.config');
export const GATEWAY_LOGGER = Symbol.for('tr4ction.gateway.logger');
export const TOKEN_VERIFIER = Symbol.for('tr4ction.gateway.token-verifier');
export const CLIENT_ADDRESS = Symbol.for('tr4ction.gateway.client-address');
export const GATEWAY_NATS = Symbol.for('tr4ction.gateway.nats');
export const AUTH_RATE_LIMITS = Symbol.for('tr4ction.gateway.auth-rate-limits');
export const TOKEN_STATE = Symbol.for('tr4ction.gateway.token-state');
export const RUNTIME_SETTINGS = Symbol.for('tr4ction.gateway.runtime-settings');
export const PROFILE_CACHE = Symbol.for('tr4ction.gateway.profile-cache');
export const AUDIT_REFUSAL_RECORDER = Symbol.for('tr4ction.gateway.audit-refusal-recorder');
export const AUDIT_READ_SLOTS = Symbol.for('tr4ction.gateway.audit-read-slots');
