/**
 * JSON Schemas (2020-12, as OpenAPI 3.1 reads them) of every success body the gateway answers with,
 * published as `components.schemas`. Enumerations come from libs/contracts, so a new role, scope,
 * factor type or setting reaches the document without an edit here; the generated client types
 * (@tr4ction/http-api) are held to the contracts' TypeScript types by a compile-time check
 * (contract-types.check.ts, beside this file). Nullable values use `type: [..., 'null']`.
 */
import { MFA_CHALLENGE_TYPES, MFA_FACTOR_TYPES, ROLES } from '@tr4ction/contracts';
import { settingsViewSchema } from '../../settings/admin-settings.schemas';

const dateTime = { type: 'string', format: 'date-time' } as const;
const nullableDateTime = { type: ['string', 'null'], format: 'date-time' } as const;
const uuid = { type: 'string', format: 'uuid' } as const;
const roles = { type: 'array', items: { type: 'string', enum: [...ROLES] } } as const;
const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` }) as const;
const KEY_STATUSES = ['next', 'active', 'retiring', 'retired', 'revoked'] as const;
/** JSON Schema 2020-12 `examples`: what Swagger UI and the reference show for the body. */
const withExample = (schema: Record<string, unknown>, example: Record<string, unknown>) => ({ ...schema, examples: [example] });

const USER_ID = '0193a4f2-6b1c-7d2e-8f30-41a5b6c7d8e9';
const SESSION_ID = '0193a4f2-7c1e-7b3d-9a51-3f0c2d8e6b10';

/** Every property listed is required unless named in `optional`: answers are complete by default. */
function object(properties: Record<string, object>, optional: string[] = [], description?: string): Record<string, unknown> {
  return { type: 'object', ...(description ? { description } : {}), required: Object.keys(properties).filter((k) => !optional.includes(k)), properties };
}
const page = (item: string, description: string) => ({ ...pageFields(item, description), additionalProperties: false });
const pageFields = (item: string, description: string) =>
  object(
    {
      items: { type: 'array', items: ref(item) },
      next_cursor: { type: ['string', 'null'], description: 'Pass as `cursor` for the next page; null on the last' },
    },
    [],
    description,
  );
const asOfPage = (item: string, description: string) =>
  object({ as_of: dateTime, items: { type: 'array', items: ref(item) }, next_cursor: { type: ['string', 'null'] } }, ['next_cursor'], description);

/** WebAuthn PublicKeyCredentialDescriptorJSON list: a credential by its base64url id. */
const credentialDescriptors = {
  type: 'array',
  items: object({ id: { type: 'string' }, type: { type: 'string', const: 'public-key' }, transports: { type: 'array', items: { type: 'string' } } }, [
    'transports',
  ]),
} as const;

const tokenPair = withExample(
  object(
    {
      access_token: { type: 'string', description: 'A JWT; its `scope` claim holds the scopes of the user’s roles' },
      refresh_token: { type: 'string', pattern: '^rt_[A-Za-z0-9_-]+$', description: 'Opaque, single use: POST /auth/refresh spends it' },
      token_type: { type: 'string', const: 'Bearer' },
      expires_in: { type: 'integer', description: 'Seconds the access token lives' },
      refresh_expires_in: { type: 'integer', description: 'Seconds the refresh token stays usable unused (idle timeout or the session’s end)' },
      password_change_required: { type: 'boolean', description: 'True: the token carries only `password:change`' },
      mfa_enrollment_required: { type: 'boolean', const: true, description: 'Present only when true: the token carries only `mfa:enroll`' },
    },
    ['mfa_enrollment_required'],
    'A signed-in session: an access token and the refresh token of its session',
  ),
  {
    access_token: 'eyJhbGciOiJFUzI1NiIsImtpZCI6ImsxIn0.eyJzdWIiOiIuLi4ifQ.c2ln',
    refresh_token: 'rt_Q2hvb3NlIGEgbG9uZyByYW5kb20gdmFsdWU',
    token_type: 'Bearer',
    expires_in: 900,
    refresh_expires_in: 604800,
    password_change_required: false,
  },
);

const mfaRequired = withExample(
  object(
    {
      mfa_required: { type: 'boolean', const: true },
      mfa_token: { type: 'string', description: 'Short-lived; POST /auth/mfa/challenge finishes the login with it' },
      methods: { type: 'array', items: { type: 'string', enum: [...MFA_CHALLENGE_TYPES] } },
    },
    [],
    'The password was right and a second factor is due: no token yet',
  ),
  { mfa_required: true, mfa_token: 'mfa_3xYz0aBcDeFgHiJkLmNo', methods: ['totp', 'recovery_code'] },
);

const auditRecord = object(
  {
    seq: { type: 'integer', minimum: 1 },
    event_id: uuid,
    type: { type: 'string' },
    occurred_at: dateTime,
    recorded_at: dateTime,
    actor: object({ type: { type: 'string', enum: ['user', 'service_account', 'system', 'cli'] }, id: { type: ['string', 'null'] } }),
    // Every event names its subject (libs/contracts EventSubjectRef): the id is never null.
    subject: object({ type: { type: 'string' }, id: { type: 'string' } }),
    outcome: { type: 'string', enum: ['success', 'failure'] },
    source: object({ service: { type: 'string' }, ip: { type: 'string' }, user_agent: { type: 'string' } }, ['ip', 'user_agent']),
    trace_id: { type: ['string', 'null'] },
    trace_url: { type: 'string', format: 'uri', description: 'GET /audit/events only, when a trace UI is configured: the trace' },
    data: { type: 'object', additionalProperties: true },
    proof: {
      ...object({
        producer: { type: 'string' },
        subject: { type: 'string', description: 'The bus subject it was published on' },
        key_id: { type: 'string' },
        signature: { type: 'string' },
        payload_sha256: { type: 'string' },
      }),
      description: 'The producer’s signature as the event arrived (absent on records older than signed events)',
    },
    prev_hash: { type: 'string' },
    hash: { type: 'string', description: 'SHA-256(prev_hash || canonical JSON of the record without hash)' },
  },
  ['proof', 'trace_url'],
);

const evidence = object({ event_id: uuid, audit_seq: { type: 'integer' } }, [], 'The audit record of the last event that shaped the item');

const serviceAccount = object(
  {
    id: uuid,
    client_id: { type: 'string' },
    name: { type: 'string' },
    scopes: { type: 'array', items: { type: 'string' } },
    status: { type: 'string', enum: ['active', 'revoked', 'expired'] },
    created_at: dateTime,
    expires_at: nullableDateTime,
    secret_rotated_at: dateTime,
    rotation_due_at: dateTime,
    previous_valid_until: nullableDateTime,
    revoked_at: nullableDateTime,
    secret_ref: {
      type: ['object', 'null'],
      description: 'Where the platform writes the secret and rotates it every SERVICE_ACCOUNT_ROTATION_DAYS (null: the client keeps it)',
      required: ['provider', 'name'],
      properties: { provider: { type: 'string', enum: ['file', 'aws-secrets-manager', 'aws-ssm'] }, name: { type: 'string' } },
    },
  },
  [],
  'A service account: never its secret or the secret’s hash',
);

const signingKey = object(
  {
    kid: { type: 'string' },
    alg: { type: 'string' },
    status: { type: 'string', enum: [...KEY_STATUSES] },
    created_at: { ...nullableDateTime, description: 'Null only for the HS256 runbook secret' },
    activated_at: nullableDateTime,
    expires_at: { ...nullableDateTime, description: 'When the key stops verifying tokens' },
    rotates_at: { ...nullableDateTime, description: 'Active key: when the schedule replaces it' },
    retiring_at: nullableDateTime,
    revoked_at: nullableDateTime,
  },
  ['rotates_at', 'retiring_at', 'revoked_at'],
  'A signing key: never any key material',
);

const publicUser = withExample(
  object(
    {
      id: uuid,
      email: { type: 'string', format: 'email' },
      name: { type: ['string', 'null'] },
      roles,
      password_expires_at: nullableDateTime,
      password_change_required: { type: 'boolean' },
      mfa_enrollment_required: { type: 'boolean', description: 'The user’s roles demand a second factor they do not have' },
    },
    ['mfa_enrollment_required'],
  ),
  { id: USER_ID, email: 'ada@example.com', name: 'Ada', roles: ['founder'], password_expires_at: '2027-03-06T09:00:00Z', password_change_required: false },
);

/** `{}` and nothing else: the answer of POST /oauth/revoke and of a TOTP confirmation that is not the first factor. */
const emptyObject = { type: 'object', additionalProperties: false, maxProperties: 0 } as const;

export const RESPONSE_SCHEMAS = {
  RegisteredUser: withExample(object({ id: uuid, email: { type: 'string', format: 'email' }, roles }), {
    id: USER_ID,
    email: 'ada@example.com',
    roles: ['founder'],
  }),
  TokenPair: tokenPair,
  MfaRequired: mfaRequired,
  LoginResponse: { oneOf: [ref('TokenPair'), ref('MfaRequired')], description: 'A token pair, or (for a user with a second factor) an MFA challenge' },
  PublicUser: publicUser,
  Session: object({
    id: { ...uuid, description: 'The `sid` claim of its access tokens' },
    created_at: dateTime,
    last_used_at: { ...dateTime, description: 'The sign-in or the latest refresh' },
    ip: { type: ['string', 'null'] },
    user_agent: { type: ['string', 'null'] },
    current: { type: 'boolean', description: 'The session of the access token that asked' },
  }),
  SessionList: withExample(object({ items: { type: 'array', items: ref('Session') } }, [], 'Live sessions, most recently used first'), {
    items: [
      { id: SESSION_ID, created_at: '2026-12-06T08:00:00Z', last_used_at: '2026-12-06T09:00:00Z', ip: '203.0.113.7', user_agent: 'Mozilla/5.0', current: true },
    ],
  }),
  MfaMethod: object({
    id: uuid,
    type: { type: 'string', enum: [...MFA_FACTOR_TYPES] },
    label: { type: 'string' },
    created_at: dateTime,
    last_used_at: nullableDateTime,
  }),
  MfaStatus: object({ methods: { type: 'array', items: ref('MfaMethod') }, recovery_codes_left: { type: 'integer', minimum: 0 } }),
  TotpEnrolment: object({ id: uuid, secret: { type: 'string', description: 'Base32; shown once' }, otpauth_uri: { type: 'string', format: 'uri' } }),
  RecoveryCodes: object({ recovery_codes: { type: 'array', items: { type: 'string' }, minItems: 10, maxItems: 10 } }, [], 'Ten single-use codes, shown once'),
  MfaConfirmed: object(
    { recovery_codes: { type: 'array', items: { type: 'string' } } },
    ['recovery_codes'],
    'Recovery codes only at the account’s first factor, else `{}`',
  ),
  WebauthnOptions: {
    type: 'object',
    required: ['challenge'],
    properties: {
      challenge: { type: 'string' },
      rp: { ...object({ id: { type: 'string' }, name: { type: 'string' } }), description: 'Registration: the relying party' },
      authenticatorSelection: {
        ...object({ userVerification: { type: 'string' }, residentKey: { type: 'string' } }, ['userVerification', 'residentKey']),
        description: 'Registration: what the authenticator must do',
      },
      excludeCredentials: { ...credentialDescriptors, description: 'Registration: the passkeys the account already has' },
      allowCredentials: { ...credentialDescriptors, description: 'Authentication: the passkeys that may answer' },
    },
    additionalProperties: true,
    description: 'PublicKeyCredentialCreationOptionsJSON or PublicKeyCredentialRequestOptionsJSON',
  },
  WebauthnRegistered: object({ id: uuid, recovery_codes: { type: 'array', items: { type: 'string' } } }, ['recovery_codes']),
  ClientToken: withExample(
    object({
      access_token: { type: 'string' },
      token_type: { type: 'string', const: 'Bearer' },
      expires_in: { type: 'integer' },
      scope: { type: 'string', description: 'The granted scopes, space separated' },
    }),
    { access_token: 'eyJhbGciOiJFUzI1NiIsImtpZCI6ImsxIn0.eyJzdWIiOiIuLi4ifQ.c2ln', token_type: 'Bearer', expires_in: 900, scope: 'audit:read' },
  ),
  Introspection: {
    oneOf: [
      object({ active: { type: 'boolean', const: false } }),
      object(
        {
          active: { type: 'boolean', const: true },
          sub: { type: 'string' },
          scope: { type: 'string' },
          exp: { type: 'integer' },
          iat: { type: 'integer' },
          iss: { type: 'string' },
          client_id: { type: 'string' },
          sid: { type: 'string' },
          token_type: { type: 'string' },
        },
        ['iss', 'client_id', 'sid'],
      ),
    ],
    description: 'RFC 7662: `{active:false}` for any token that does not work, else its claims',
  },
  Empty: emptyObject,
  ServerMetadata: object(
    {
      issuer: { type: 'string', format: 'uri' },
      jwks_uri: { type: 'string', format: 'uri' },
      token_endpoint: { type: 'string', format: 'uri' },
      introspection_endpoint: { type: 'string', format: 'uri' },
      revocation_endpoint: { type: 'string', format: 'uri' },
      grant_types_supported: { type: 'array', items: { type: 'string' } },
      token_endpoint_auth_methods_supported: { type: 'array', items: { type: 'string' } },
      introspection_endpoint_auth_methods_supported: { type: 'array', items: { type: 'string' } },
      revocation_endpoint_auth_methods_supported: { type: 'array', items: { type: 'string' } },
      scopes_supported: { type: 'array', items: { type: 'string' } },
    },
    [],
    'RFC 8414 authorization server metadata',
  ),
  Jwks: object({
    keys: {
      type: 'array',
      items: {
        type: 'object',
        required: ['kid', 'alg', 'use', 'kty'],
        properties: { kid: { type: 'string' }, alg: { type: 'string' }, use: { type: 'string', const: 'sig' }, kty: { type: 'string' } },
        additionalProperties: true,
      },
    },
  }),
  Liveness: object({ status: { type: 'string', const: 'ok' } }),
  Readiness: object({
    status: { type: 'string', enum: ['ready', 'not_ready'] },
    checks: { type: 'object', additionalProperties: true, description: 'Each dependency and its state' },
  }),
  AdminUser: {
    allOf: [ref('PublicUser')],
    type: 'object',
    required: ['status', 'locked', 'locked_until', 'failed_attempts', 'created_at'],
    properties: {
      status: { type: 'string' },
      locked: { type: 'boolean', description: 'Locked now' },
      locked_until: nullableDateTime,
      failed_attempts: { type: 'integer' },
      created_at: dateTime,
    },
  },
  UserPage: page('AdminUser', 'Accounts in id order, keyset paged'),
  Evidence: evidence,
  UserAsOf: object({
    id: uuid,
    email: { type: 'string' },
    name: { type: ['string', 'null'] },
    roles,
    status: { type: 'string', enum: ['active', 'locked'] },
    created_at: dateTime,
    evidence: ref('Evidence'),
  }),
  UserAsOfPage: asOfPage('UserAsOf', 'The users that existed at `as_of`, with their roles and status then'),
  UserList: { oneOf: [ref('UserPage'), ref('UserAsOfPage')], description: 'Today’s accounts, or (with `as_of`) the accounts as they were then' },
  UserHistoryEntry: object({
    event_id: uuid,
    audit_seq: { type: 'integer' },
    type: { type: 'string' },
    occurred_at: dateTime,
    actor: object({ type: { type: 'string' }, id: { type: ['string', 'null'] } }),
    changes: { type: 'object', additionalProperties: true },
  }),
  UserHistoryPage: object(
    { user_id: uuid, items: { type: 'array', items: ref('UserHistoryEntry') }, next_cursor: { type: ['string', 'null'] } },
    [],
    'Oldest first',
  ),
  CreatedUser: object({
    id: uuid,
    email: { type: 'string', format: 'email' },
    roles,
    temporary_password: { type: 'string', description: 'Shown once; changed at first login' },
  }),
  UserRoles: object({ id: uuid, roles }),
  TemporaryPassword: object({ temporary_password: { type: 'string', description: 'Shown once; changed at first login' } }),
  NotBefore: withExample(object({ not_before: { ...dateTime, description: 'Every token issued before this instant is rejected' } }), {
    not_before: '2026-12-06T09:00:00.000Z',
  }),
  SigningKey: signingKey,
  SigningKeyList: object({ items: { type: 'array', items: ref('SigningKey') } }),
  SigningKeyAsOf: object({
    kid: { type: 'string' },
    alg: { type: 'string' },
    fingerprint: { type: 'string' },
    status: { type: 'string', enum: [...KEY_STATUSES] },
    created_at: dateTime,
    evidence: ref('Evidence'),
  }),
  SigningKeysAsOf: asOfPage('SigningKeyAsOf', 'The signing keys as they were at `as_of`'),
  SigningKeys: { oneOf: [ref('SigningKeyList'), ref('SigningKeysAsOf')] },
  RotationOutcome: object(
    {
      status: { type: 'string', enum: ['rotated', 'scheduled'] },
      active_kid: { type: ['string', 'null'] },
      previous_kid: { type: ['string', 'null'] },
      next_kid: { type: ['string', 'null'] },
      activates_at: { ...nullableDateTime, description: 'scheduled: when the next key starts signing' },
    },
    ['previous_kid', 'next_kid', 'activates_at'],
  ),
  ServiceAccount: serviceAccount,
  ServiceAccountList: object({ items: { type: 'array', items: ref('ServiceAccount') } }),
  ServiceAccountAsOf: object({
    id: uuid,
    client_id: { type: 'string' },
    name: { type: 'string' },
    scopes: { type: 'array', items: { type: 'string' } },
    status: { type: 'string', enum: ['active', 'revoked'] },
    expires_at: nullableDateTime,
    secret_rotated_at: dateTime,
    created_at: dateTime,
    evidence: ref('Evidence'),
  }),
  ServiceAccountsAsOf: asOfPage('ServiceAccountAsOf', 'The service accounts as they were at `as_of`'),
  ServiceAccounts: { oneOf: [ref('ServiceAccountList'), ref('ServiceAccountsAsOf')] },
  CreatedServiceAccount: {
    allOf: [ref('ServiceAccount')],
    type: 'object',
    required: ['client_secret'],
    properties: { client_secret: { type: 'string', description: 'Shown once; stored only as a hash' } },
  },
  RotatedSecret: object({
    client_secret: { type: 'string', description: 'Shown once' },
    previous_valid_until: { ...dateTime, description: 'The previous secret works until then' },
  }),
  SettingsView: settingsViewSchema,
  SettingAsOf: object({
    key: { type: 'string' },
    value: { oneOf: [{ type: 'string' }, { type: 'integer' }, { type: 'array', items: { type: 'string' } }], description: 'The value then' },
    evidence: { oneOf: [ref('Evidence'), { type: 'null' }] },
  }),
  SettingsAsOf: object({ as_of: dateTime, items: { type: 'array', items: ref('SettingAsOf') } }, [], 'Every setting as it was at `as_of`'),
  Settings: { oneOf: [ref('SettingsView'), ref('SettingsAsOf')] },
  AuditRecord: auditRecord,
  AuditPage: page('AuditRecord', 'Newest first, keyset paged'),
  VerifyResult: object(
    {
      ok: { type: 'boolean' },
      checked: { type: 'integer', description: 'Records 1..checked are vouched for' },
      head: { oneOf: [object({ seq: { type: 'integer' }, hash: { type: 'string' } }), { type: 'null' }] },
      first_bad_seq: { type: 'integer' },
      reason: { type: 'string' },
      checkpoints: object(
        {
          stored: { type: 'integer', description: 'Signed checkpoints stored beside the chain' },
          outside_copy_seq: { type: ['integer', 'null'], description: 'seq of the newest checkpoint copy found on the event stream; null when none' },
        },
        [],
        'What the chain was checked against',
      ),
    },
    ['first_bad_seq', 'reason'],
  ),
} satisfies Record<string, unknown>;

export type ResponseSchemaName = keyof typeof RESPONSE_SCHEMAS;
