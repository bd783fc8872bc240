/**
 * Who may produce what on the bus: every identity that holds a bus signing key, and the event types
 * each one owns. A consumer applies an event only when its signature is good AND its producer owns
 * the event's type, so a service whose key leaks can forge only its own events, never another's
 * (a leaked user-service key cannot mint `AllTokensRevoked`). One owner per type: the service whose
 * transaction makes the change and whose outbox publishes it.
 */
import { EVENT_TYPES, type EventType } from '../events/catalogue';

/** Every identity with its own Ed25519 bus key (CLI included: it signs operator assertions). */
export const BUS_IDENTITIES = ['api-gateway', 'auth-service', 'user-service', 'audit-service', 'rotation-service', 'cli'] as const;
export type BusIdentity = (typeof BUS_IDENTITIES)[number];

/** The producers' share of the catalogue. The gateway and the CLI publish no events. */
export const EVENT_OWNERSHIP: { readonly [I in BusIdentity]: readonly EventType[] } = {
  'api-gateway': [],
  cli: [],
  'user-service': [
    'UserRegistered',
    'UserCreated',
    'UserDeleted',
    'RolesChanged',
    'LoginSucceeded',
    'LoginFailed',
    'AccountLocked',
    'AccountUnlocked',
    'PasswordChanged',
    'PasswordResetByAdmin',
    'ConfigurationChanged',
  ],
  'auth-service': ['TokenIssued', 'TokenRevoked', 'RefreshTokenReuseDetected', 'AllTokensRevoked', 'SessionRevoked'],
  'rotation-service': ['SecretRotated', 'SigningKeyCreated', 'SigningKeyStatusChanged', 'SigningKeyRevoked', 'RotationDue', 'ServiceAccountCreated', 'ServiceAccountRevoked'],
  'audit-service': ['AuditCheckpointSigned', 'AuditLogQueried', 'DatabaseBackupCompleted', 'DatabaseRestored'],
};

const OWNER_BY_TYPE = new Map<EventType, BusIdentity>(
  BUS_IDENTITIES.flatMap((identity) => EVENT_OWNERSHIP[identity].map((type) => [type, identity] as [EventType, BusIdentity])),
);

export function isBusIdentity(value: unknown): value is BusIdentity {
  return typeof value === 'string' && (BUS_IDENTITIES as readonly string[]).includes(value);
}

/** The one identity that may produce `type`, or undefined for a type nobody owns (none in the catalogue). */
export function ownerOf(type: EventType): BusIdentity | undefined {
  return OWNER_BY_TYPE.get(type);
}

/** True when `producer` may publish events of `type`. */
export function mayProduce(producer: string, type: EventType): boolean {
  return OWNER_BY_TYPE.get(type) === producer;
}

/** Catalogue types without an owner: the ownership spec keeps this empty. */
export function unownedEventTypes(): EventType[] {
  return EVENT_TYPES.filter((type) => !OWNER_BY_TYPE.has(type));
}
