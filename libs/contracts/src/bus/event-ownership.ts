/**
 * Who may produce what on the bus: every identity that holds a bus signing key, and the event types
 * each one owns. A consumer applies an event only when its signature is good AND its producer owns
 * the event's type, so a service whose key leaks can forge only its own events, never another's
 * (a leaked user-service key cannot mint `AllTokensRevoked`). One owner per type: the service whose
 * transaction makes the change and whose outbox publishes it.
 */
import { EVENT_TYPES, type EventType } from '../events/catalogue';
// Every bus identity holds its own Ed25519 bus key too (CLI included: it signs operator assertions).
import { BUS_IDENTITIES, type BusIdentity } from './bus-permissions';

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
    'MfaEnrolled',
    'MfaRemoved',
    'MfaChallengeSucceeded',
    'MfaChallengeFailed',
    'RecoveryCodeUsed',
    'RecoveryCodesRegenerated',
    'MfaReset',
  ],
  'auth-service': ['TokenIssued', 'TokenRevoked', 'RefreshTokenReuseDetected', 'AllTokensRevoked', 'SessionRevoked', 'ClientAuthenticationFailed'],
  'rotation-service': [
    'SecretRotated',
    'SecretRotationFailed',
    'SecretRotationStepCompleted',
    'SigningKeyCreated',
    'SigningKeyStatusChanged',
    'SigningKeyRevoked',
    'RotationDue',
    'ServiceAccountCreated',
    'ServiceAccountRevoked',
  ],
  'audit-service': ['AuditCheckpointSigned', 'AuditLogQueried', 'AdminRead', 'HistoryQueried', 'DatabaseBackupCompleted', 'DatabaseRestored'],
};

/**
 * Types every service produces about itself only (a request it refused): each service owns its own
 * records of these, so the producer must also be the event's `source.service`.
 */
export const PER_SERVICE_EVENT_TYPES: readonly EventType[] = ['RpcRefused'];
const PER_SERVICE_PRODUCERS: readonly BusIdentity[] = ['auth-service', 'user-service', 'audit-service', 'rotation-service'];

const OWNER_BY_TYPE = new Map<EventType, BusIdentity>(
  BUS_IDENTITIES.flatMap((identity) => EVENT_OWNERSHIP[identity].map((type) => [type, identity] as [EventType, BusIdentity])),
);

/** The one identity that may produce `type`, or undefined for a type nobody owns (none in the catalogue). */
export function ownerOf(type: EventType): BusIdentity | undefined {
  return OWNER_BY_TYPE.get(type);
}

/** True when `producer` may publish events of `type`. */
export function mayProduce(producer: string, type: EventType): boolean {
  if (PER_SERVICE_EVENT_TYPES.includes(type)) return (PER_SERVICE_PRODUCERS as readonly string[]).includes(producer);
  return OWNER_BY_TYPE.get(type) === producer;
}

/** Catalogue types without an owner: the ownership spec keeps this empty. */
export function unownedEventTypes(): EventType[] {
  return EVENT_TYPES.filter((type) => !OWNER_BY_TYPE.has(type) && !PER_SERVICE_EVENT_TYPES.includes(type));
}
