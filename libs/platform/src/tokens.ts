/** Injection tokens for the infrastructure every service receives from its bootstrap. */
export const DATA_SOURCE = Symbol.for('tr4ction.data-source');
export const NATS_CONNECTION = Symbol.for('tr4ction.nats-connection');
export const LOGGER = Symbol.for('tr4ction.logger');
export const EVENT_RECORDER = Symbol.for('tr4ction.event-recorder');
export const OUTBOX_RELAY = Symbol.for('tr4ction.outbox-relay');
/** The service's `UnitOfWork`: a transaction, its events, and the relay woken after the commit. */
export const UNIT_OF_WORK = Symbol.for('tr4ction.unit-of-work');
export const SERVICE_CONFIG = Symbol.for('tr4ction.service-config');
export const CLOCK = Symbol.for('tr4ction.clock');
export const SERVICE_NAME = Symbol.for('tr4ction.service-name');
/** The process's `BusSecurity` (signer, pinned verifier, event authenticator). */
export const BUS_SECURITY = Symbol.for('tr4ction.bus-security');
export const RPC_PROOF = Symbol.for('tr4ction.rpc-proof');
