/**
 * Every secret the platform reads through a secrets provider, and the name it has in each store.
 * One table: the providers derive their names from the same rule (`toDashedName`), docs/secrets.md
 * is generated from it, and a spec checks that every store name a runbook tells an operator to
 * write is one of these (a runbook that said `tr4ction/JWT_SECRET_KEY` while the provider read
 * `tr4ction/jwt-secret-key` sent operators to SECRET_MISSING).
 */
import { DEFAULT_AWS_SECRETS_PREFIX } from './aws-client.config';
import { toDashedName } from './secret-key.util';

export interface CataloguedSecret {
  /** The key services ask the provider for; `<IDENTITY>` stands for a bus identity in upper snake case. */
  key: string;
  /** What it protects, for the operator who has to decide how to store it. */
  purpose: string;
  readBy: string;
  /** How and when it changes. */
  rotation: string;
  requiredInProduction: string;
}

export const SECRET_CATALOGUE: readonly CataloguedSecret[] = [
  {
    key: 'SIGNING_KEYS_MASTER_KEY',
    purpose: 'AES-256-GCM key encrypting the token signing keys at rest (32 bytes, hex or base64)',
    readBy: 'rotation-service, auth-service',
    rotation:
      'every 180 days (SIGNING_KEYS_MASTER_KEY_ROTATION_DAYS) by rotation-service itself when kept in a file or AWS store, or `tr4ction secrets rotate master-key --staged`; with `env`: new value here, old one as `SIGNING_KEYS_MASTER_KEY_PREVIOUS`, then `tr4ction secrets rotate master-key` (docs/tokens-and-keys.md)',
    requiredInProduction: 'yes (RS256/ES256 mode)',
  },
  {
    key: 'SIGNING_KEYS_MASTER_KEY_PREVIOUS',
    purpose: 'the master key being replaced, read only to open rows not yet re-encrypted',
    readBy: 'rotation-service, auth-service',
    rotation:
      'set for a master-key rotation, removed once `tr4ction secrets rotate master-key` has run; a staged rotation writes it itself and retires it by setting it to the current key',
    requiredInProduction: 'no',
  },
  {
    key: 'JWT_SECRET_KEY',
    purpose: 'HS256 access-token secret (runbook compatibility mode), 32+ bytes',
    readBy: 'api-gateway, auth-service, rotation-service',
    rotation:
      'every 90 days (SIGNING_KEY_ROTATION_DAYS) by rotation-service itself when kept in a file or AWS store (staged: `.pending`, then current, old kept as `.previous`); with `env`, write the new value, then `POST /admin/keys/rotate` (docs/runbooks/monthly-rotation.md)',
    requiredInProduction: 'only with `JWT_ALGORITHM=HS256`',
  },
  {
    key: 'MFA_ENCRYPTION_KEY',
    purpose: 'AES-256-GCM key encrypting TOTP secrets and keying recovery-code hashes (32 bytes)',
    readBy: 'user-service',
    rotation: 'not rotated yet (the stored TOTP secrets are encrypted under it)',
    requiredInProduction: 'yes',
  },
  {
    key: 'AUDIT_CHECKPOINT_KEY',
    purpose: 'Ed25519 key signing audit checkpoints',
    readBy: 'audit-service',
    rotation:
      'every 90 days (AUDIT_CHECKPOINT_KEY_ROTATION_DAYS) by rotation-service itself when kept in a file or AWS store, or `tr4ction secrets rotate checkpoint-key` (staged; audit-service re-reads it every AUDIT_CHECKPOINT_KEY_RELOAD_SECONDS); with `env`: new key here, the old public key with its end instant in `AUDIT_CHECKPOINT_PUBLIC_KEYS`, restart (docs/tokens-and-keys.md)',
    requiredInProduction: 'yes',
  },
  {
    key: 'DATABASE_PASSWORD_<IDENTITY>',
    purpose:
      "password of one service's own Postgres login, e.g. `DATABASE_PASSWORD_USER_SERVICE` for tr4ction_user (the login and host stay in DATABASE_URL, without a password); `DATABASE_PASSWORD_AUDIT_WRITER` for audit-service's writer login (with AUDIT_DATABASE_URL)",
    readBy: 'the process of that identity (at each new connection), and rotation-service (to rotate it)',
    rotation:
      'every 30 days (DATABASE_PASSWORD_ROTATION_DAYS) by rotation-service when kept in a file or AWS store (staged: `.pending`, set on the login, tested, then current), or now with `tr4ction secrets rotate db-password <service|audit-writer>` (docs/deploy.md)',
    requiredInProduction: 'no (without it the password in DATABASE_URL is used and not rotated)',
  },
  {
    key: 'AUDIT_CHECKPOINT_KEY_HISTORY',
    purpose:
      'public halves of every checkpoint key a rotation made or replaced, each retired one with its end instant (not secret, but only rotation-service may write it)',
    readBy: 'audit-service (verification trusts these keys)',
    rotation: 'written by rotation-service at each checkpoint-key rotation; never edited by hand',
    requiredInProduction: 'no (absent until the first rotation)',
  },
  {
    key: 'BUS_SIGNING_KEY_<IDENTITY>',
    purpose: "Ed25519 key signing one bus identity's events and requests, e.g. `BUS_SIGNING_KEY_USER_SERVICE`",
    readBy: 'the process of that identity only',
    rotation: 'on compromise: new key, list old and new in `BUS_PUBLIC_KEYS`, restart (docs/signed-events.md)',
    requiredInProduction: 'yes, one per identity',
  },
  {
    key: 'BUS_PUBLIC_KEYS',
    purpose: 'pinned public keys of every bus identity (JSON), never read from the bus',
    readBy: 'every service and the CLI',
    rotation: 'with any `BUS_SIGNING_KEY_<IDENTITY>`',
    requiredInProduction: 'yes',
  },
];

export interface StoreNames {
  env: string;
  file: string;
  awsSecretsManager: string;
  awsSsm: string;
}

/** Where each provider looks for `key` (the `file` provider also accepts the key itself as file name). */
export function storeNamesFor(key: string, awsPrefix = DEFAULT_AWS_SECRETS_PREFIX): StoreNames {
  const dashed = toDashedName(key);
  const prefix = awsPrefix.replace(/^\/+/, '');
  return { env: key, file: dashed, awsSecretsManager: `${prefix}${dashed}`, awsSsm: `/${prefix}${dashed}` };
}

const IDENTITY_PLACEHOLDER = '<IDENTITY>';

/** The catalogued secret a concrete key is an instance of (`BUS_SIGNING_KEY_CLI` -> `BUS_SIGNING_KEY_<IDENTITY>`). */
export function catalogueEntryFor(key: string): CataloguedSecret | undefined {
  return SECRET_CATALOGUE.find((entry) => {
    if (!entry.key.includes(IDENTITY_PLACEHOLDER)) return entry.key === key;
    const head = entry.key.slice(0, entry.key.indexOf(IDENTITY_PLACEHOLDER));
    return key.startsWith(head) && /^[A-Z][A-Z0-9_]*$/.test(key.slice(head.length));
  });
}

/** The catalogued key an AWS secret id or SSM parameter name refers to, if any. */
export function keyForStoreName(name: string, awsPrefix = DEFAULT_AWS_SECRETS_PREFIX): string | undefined {
  const prefix = awsPrefix.replace(/^\/+/, '');
  const bare = name.replace(/^\/+/, '');
  if (!bare.startsWith(prefix)) return undefined;
  const dashed = bare.slice(prefix.length);
  if (!/^[a-z][a-z0-9-]*$/.test(dashed)) return undefined;
  const key = dashed.toUpperCase().replace(/-/g, '_');
  return catalogueEntryFor(key) ? key : undefined;
}

/** The store key of a service's database password: `DATABASE_PASSWORD_USER_SERVICE` for user-service. */
export function databasePasswordKey(identity: string): string {
  if (!/^[a-z][a-z0-9-]*$/.test(identity)) throw new RangeError('identity must be a lower-case dashed name');
  return `DATABASE_PASSWORD_${identity.toUpperCase().replace(/-/g, '_')}`;
}
