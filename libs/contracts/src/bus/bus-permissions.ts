/**
 * Who may do what on the bus: the one permission table. The nats-server configuration is generated
 * from it (libs/bus `renderNatsServerConfig`), `docs/security.md` renders it, and an
 * integration spec tries every listed right and a set of forbidden ones against a real server.
 *
 * Derived from the code, not from intentions: events from the aggregates each service records
 * (its `buildEvent` call sites), the RPC patterns each process calls (its `RPC.*` uses), the event
 * subjects each one watches over core NATS, and the JetStream API calls of `ensureStreams`,
 * `JetStreamServer` and the audit checkpoint reader. Nobody may delete or purge a stream.
 */
import { EVENT_CATALOGUE, SUBJECT_ROOT, subjectsFor, type EventAggregate, type EventType } from '../events/catalogue';
import { RPC } from '../rpc/patterns';
import { DURABLE_CONSUMER_SUBJECTS, DURABLE_CONSUMERS, natsConsumersOf } from './durable-consumers';

export const BUS_IDENTITIES = ['api-gateway', 'auth-service', 'user-service', 'audit-service', 'rotation-service', 'cli'] as const;
export type BusIdentity = (typeof BUS_IDENTITIES)[number];

/** The JetStream streams and durable consumers, named once (messaging and the apps import these). */
export const BUS_STREAMS = { events: 'TR4CTION_EVENTS', deadLetter: 'TR4CTION_DLQ', quarantine: 'TR4CTION_QUARANTINE' } as const;
export const DEAD_LETTER_SUBJECT_ROOT = 'tr4ction-dlq';
/** `quarantine.<consumer>.<original subject>`: copies of events a consumer refused for their proof. */
export const QUARANTINE_SUBJECT_ROOT = 'quarantine';

/** The identity that creates and updates the streams; the others only read their info. */
export const STREAM_OWNER: BusIdentity = 'audit-service';

export interface BusPermission {
  /** Subjects (NATS wildcards allowed) this identity's main login may publish to. */
  publish: string[];
  /** Subjects its main login may subscribe to (queue groups included). */
  subscribe: string[];
  /**
   * The request subjects it answers, from a second, responder login: that login may subscribe to
   * these only and publish nothing but one answer to the reply subject of a request it received
   * (`allow_responses`). Kept apart from the main login because nats-server 2.9 tracks every message
   * it delivers with a reply subject to a login with response rights, JetStream deliveries included,
   * for the whole response window, and scans them all on each delivery (libs/bus `responder-key.ts`).
   */
  serves: string[];
}

/** A service logs in twice: `main` (events, calls, consumers) and, if it answers requests, `responder`. */
export type BusLogin = 'main' | 'responder';

/** Replies to this identity arrive under its own prefix, and nobody else may subscribe there. */
export function inboxPrefixFor(identity: BusIdentity): string {
  return `_INBOX.${identity}`;
}

const ownInbox = (identity: BusIdentity): string => `${inboxPrefixFor(identity)}.>`;

/** `tr4ction.<aggregate>.>` for each aggregate: the events a service produces (legacy subjects included). */
function produces(...aggregates: EventAggregate[]): string[] {
  const known = new Set(Object.values(EVENT_CATALOGUE).map((e) => e.aggregate));
  for (const a of aggregates) if (!known.has(a)) throw new Error(`no event of aggregate ${a} in the catalogue`);
  return aggregates.map((a) => `${SUBJECT_ROOT}.${a}.>`);
}

/**
 * Single event subjects: for an aggregate whose events come from more than one service (session).
 * Each type's legacy subjects too (LEGACY_EVENT_SUBJECTS): events already sent on them are still read.
 */
const watches = (...types: EventType[]): string[] => types.flatMap(subjectsFor);
const producesEvents = watches;

const JS_API = '$JS.API';
const streamInfo = Object.values(BUS_STREAMS).map((s) => `${JS_API}.STREAM.INFO.${s}`);
const streamSetup = Object.values(BUS_STREAMS).flatMap((s) => [`${JS_API}.STREAM.CREATE.${s}`, `${JS_API}.STREAM.UPDATE.${s}`]);

/**
 * A durable consumer on the events stream: the API subjects and acks of its own NATS consumers, its
 * dead letters and quarantine copies only. One made of several NATS consumers may also read and
 * delete the single NATS consumer of its name that an earlier release made (JetStreamServer retires it).
 */
function durableConsumer(durable: keyof typeof DURABLE_CONSUMER_SUBJECTS): string[] {
  const s = BUS_STREAMS.events;
  const members = natsConsumersOf(durable, DURABLE_CONSUMER_SUBJECTS[durable]);
  const retired = members.some((m) => m.name === durable) ? [] : [`${JS_API}.CONSUMER.INFO.${s}.${durable}`, `${JS_API}.CONSUMER.DELETE.${s}.${durable}`];
  return [
    ...members.flatMap(({ name }) => [
      `${JS_API}.CONSUMER.INFO.${s}.${name}`,
      `${JS_API}.CONSUMER.CREATE.${s}.${name}`,
      `${JS_API}.CONSUMER.CREATE.${s}.${name}.>`,
      `${JS_API}.CONSUMER.DURABLE.CREATE.${s}.${name}`,
      `${JS_API}.CONSUMER.MSG.NEXT.${s}.${name}`,
      `$JS.ACK.${s}.${name}.>`,
    ]),
    ...retired,
    `${DEAD_LETTER_SUBJECT_ROOT}.${durable}.>`,
    `${QUARANTINE_SUBJECT_ROOT}.${durable}.>`,
  ];
}

/** What every service process needs: JetStream account info and the streams' info. */
const SERVICE_JETSTREAM = [`${JS_API}.INFO`, ...streamInfo];

const RUNTIME_SETTINGS_FOLLOWER = { calls: [RPC.user.settings], watches: watches('ConfigurationChanged') };

/**
 * Every service checks the proof of the requests it receives (libs/platform rpc-proof): it loads
 * signing keys and revocations and follows their events, or, in HS256 mode without the secret, asks
 * auth-service to introspect a token. A refused request is recorded by the refusing service about
 * itself (`RpcRefused`, which every service produces: the signature's producer must be its source).
 */
const TOKEN_STATE_FOLLOWER = {
  calls: [RPC.rotation.publicKeys, RPC.auth.revocationState],
  watches: watches('TokenRevoked', 'SessionRevoked', 'AllTokensRevoked', 'SecretRotated', 'SigningKeyCreated', 'SigningKeyStatusChanged', 'SigningKeyRevoked'),
};
const REQUEST_PROOF = { calls: [...TOKEN_STATE_FOLLOWER.calls, RPC.auth.introspect], watches: TOKEN_STATE_FOLLOWER.watches, produces: watches('RpcRefused') };

export const BUS_PERMISSIONS: Record<BusIdentity, BusPermission> = {
  'api-gateway': {
    // No events: the gateway records nothing itself. It calls every service's public patterns.
    publish: [
      // The user patterns (the nested mfa group is listed below), except the ones only auth-service or the CLI calls.
      ...Object.values(RPC.user).flatMap((p) =>
        typeof p === 'string' && p !== RPC.user.verifyCredentials && p !== RPC.user.sessionUser && p !== RPC.user.defaultAccounts ? [p] : [],
      ),
      RPC.user.mfa.status,
      RPC.user.mfa.startTotp,
      RPC.user.mfa.confirmTotp,
      RPC.user.mfa.remove,
      RPC.user.mfa.regenerateRecoveryCodes,
      RPC.user.mfa.reset,
      RPC.user.mfa.webauthnRegistrationOptions,
      RPC.user.mfa.webauthnRegister,
      RPC.auth.mfaChallenge,
      RPC.auth.mfaWebauthnOptions,
      RPC.auth.login,
      RPC.auth.refresh,
      RPC.auth.logout,
      RPC.auth.clientCredentials,
      RPC.auth.revokeUserTokens,
      RPC.auth.revokeAll,
      RPC.auth.revocationState,
      RPC.auth.listSessions,
      RPC.auth.endSessions,
      RPC.auth.authenticateClient,
      RPC.auth.revokeToken,
      RPC.auth.introspectRefresh,
      RPC.rotation.publicKeys,
      RPC.rotation.listKeys,
      RPC.rotation.rotateKeys,
      RPC.rotation.revokeKey,
      RPC.rotation.listServiceAccounts,
      RPC.rotation.createServiceAccount,
      RPC.rotation.rotateServiceAccount,
      RPC.rotation.revokeServiceAccount,
      RPC.audit.query,
      RPC.audit.verify,
      RPC.audit.export,
      RPC.audit.refusedRead,
      RPC.audit.adminRead,
      ...Object.values(RPC.audit.asOf),
      'rpc.*.ping',
      'rpc.*.metrics',
    ],
    subscribe: [
      ownInbox('api-gateway'),
      `${SUBJECT_ROOT}.user.>`,
      ...watches('TokenRevoked', 'SessionRevoked', 'AllTokensRevoked', 'SecretRotated', 'SigningKeyCreated', 'SigningKeyStatusChanged', 'SigningKeyRevoked'),
      ...RUNTIME_SETTINGS_FOLLOWER.watches,
    ],
    serves: [],
  },
  'auth-service': {
    publish: [
      ...produces('token'),
      ...producesEvents('SessionRevoked', 'ClientAuthenticationFailed'),
      ...REQUEST_PROOF.produces,
      RPC.user.verifyCredentials,
      RPC.user.sessionUser,
      RPC.user.mfa.verify,
      RPC.user.mfa.webauthnAuthenticationOptions,
      RPC.rotation.activeSigningKey,
      RPC.rotation.verifyClient,
      // It holds the HS256 secret itself: no introspection.
      ...TOKEN_STATE_FOLLOWER.calls,
      ...RUNTIME_SETTINGS_FOLLOWER.calls,
      ...SERVICE_JETSTREAM,
      ...durableConsumer(DURABLE_CONSUMERS.authTokenRevoker),
    ],
    subscribe: [ownInbox('auth-service'), ...TOKEN_STATE_FOLLOWER.watches, ...RUNTIME_SETTINGS_FOLLOWER.watches],
    serves: ['rpc.auth.>', 'rpc.auth-service.>'],
  },
  'user-service': {
    publish: [
      ...produces('user', 'configuration'),
      ...producesEvents('LoginSucceeded', 'LoginFailed', 'MfaChallengeSucceeded', 'MfaChallengeFailed', 'RecoveryCodeUsed'),
      ...REQUEST_PROOF.produces,
      ...REQUEST_PROOF.calls,
      ...SERVICE_JETSTREAM,
    ],
    subscribe: [ownInbox('user-service'), ...watches('ConfigurationChanged'), ...REQUEST_PROOF.watches],
    serves: ['rpc.user.>', 'rpc.user-service.>'],
  },
  'audit-service': {
    publish: [
      ...produces('audit', 'database'),
      ...REQUEST_PROOF.produces,
      ...REQUEST_PROOF.calls,
      ...SERVICE_JETSTREAM,
      ...streamSetup,
      ...durableConsumer(DURABLE_CONSUMERS.auditProjector),
      // The newest checkpoint announcement, read back from the stream.
      `${JS_API}.STREAM.MSG.GET.${BUS_STREAMS.events}`,
    ],
    subscribe: [ownInbox('audit-service'), ...REQUEST_PROOF.watches],
    serves: ['rpc.audit.>', 'rpc.ops.>', 'rpc.audit-service.>'],
  },
  'rotation-service': {
    publish: [
      ...produces('secret', 'signing-key', 'service-account'),
      ...REQUEST_PROOF.produces,
      ...REQUEST_PROOF.calls,
      ...RUNTIME_SETTINGS_FOLLOWER.calls,
      ...SERVICE_JETSTREAM,
    ],
    subscribe: [ownInbox('rotation-service'), ...REQUEST_PROOF.watches, ...RUNTIME_SETTINGS_FOLLOWER.watches],
    serves: ['rpc.rotation.>', 'rpc.rotation-service.>'],
  },
  cli: {
    // The operator patterns the `tr4ction` commands use, and the events they wait for.
    publish: [
      RPC.audit.query,
      RPC.audit.verify,
      RPC.auth.revokeAll,
      RPC.auth.revokeUserTokens,
      RPC.audit.asOf.users,
      RPC.audit.asOf.userHistory,
      RPC.ops.backupCompleted,
      RPC.ops.restoreCompleted,
      RPC.rotation.listKeys,
      RPC.rotation.listServiceAccounts,
      RPC.rotation.revokeKey,
      RPC.rotation.rotateKeys,
      RPC.rotation.rotateMasterKey,
      RPC.rotation.rotateServiceAccount,
      RPC.rotation.rotateStoredSecret,
      RPC.rotation.secretsStatus,
      RPC.user.resetPassword,
      RPC.user.settings,
      RPC.user.mfa.reset,
      RPC.user.defaultAccounts,
    ],
    subscribe: [
      ownInbox('cli'),
      ...watches('PasswordResetByAdmin', 'MfaReset', 'TokenRevoked', 'SigningKeyRevoked', 'SecretRotated', 'SecretRotationFailed', 'AllTokensRevoked'),
    ],
    serves: [],
  },
};

export function isBusIdentity(name: unknown): name is BusIdentity {
  return typeof name === 'string' && (BUS_IDENTITIES as readonly string[]).includes(name);
}

/**
 * Whether `subject` (which may itself hold wildcards, as a subscription does) lies within `pattern`,
 * by the NATS rules: `*` matches one token, `>` the rest (one token or more).
 */
export function subjectWithin(subject: string, pattern: string): boolean {
  const s = subject.split('.');
  const p = pattern.split('.');
  for (let i = 0; i < p.length; i++) {
    if (p[i] === '>') return s.length > i;
    if (i >= s.length) return false;
    if (s[i] === '>') return false;
    if (p[i] !== '*' && (s[i] === '*' || p[i] !== s[i])) return false;
  }
  return s.length === p.length;
}

/** The identities that answer requests, so log in a second time as their responder (the table's `serves`). */
export const RESPONDING_IDENTITIES: readonly BusIdentity[] = BUS_IDENTITIES.filter((id) => BUS_PERMISSIONS[id].serves.length > 0);

/**
 * What the table grants a login (responses to received requests aside): the reading the server
 * applies. The responder login subscribes to what the identity serves and publishes nothing itself.
 */
export function busAllows(identity: BusIdentity, operation: 'publish' | 'subscribe', subject: string, login: BusLogin = 'main'): boolean {
  const p = BUS_PERMISSIONS[identity];
  const patterns = login === 'main' ? p[operation] : operation === 'subscribe' ? p.serves : [];
  return patterns.some((pattern) => subjectWithin(subject, pattern));
}
