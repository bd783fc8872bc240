// Development convenience for `npm start`: the services read their secrets through the secrets
// provider, never from code. When no provider is configured outside production, this creates
// random secrets once in a git-ignored folder and points the `file` provider at it, so tokens
// survive restarts and nothing secret is ever committed or hard-coded.
'use strict';

const crypto = require('node:crypto');
const fs = require('node:fs');
const path = require('node:path');

const DEV_SECRETS_DIR = '.dev-secrets';
/** Secret names the services read, with how many random bytes each gets (hex: every reader accepts it). */
const DEV_SECRETS = { JWT_SECRET_KEY: 32, SIGNING_KEYS_MASTER_KEY: 32, AUDIT_CHECKPOINT_KEY: 32, MFA_ENCRYPTION_KEY: 32 };
/** Identities with a bus signing key (BUS_IDENTITIES in libs/contracts; a unit spec keeps them equal). */
const BUS_IDENTITIES = ['api-gateway', 'auth-service', 'user-service', 'audit-service', 'rotation-service', 'cli'];

function busSigningKeyName(identity) {
  return `BUS_SIGNING_KEY_${identity.toUpperCase().replace(/[^A-Z0-9]/g, '_')}`;
}

/**
 * One Ed25519 key per bus identity (`BUS_SIGNING_KEY_<IDENTITY>`, base64 seed) and the pinned
 * `BUS_PUBLIC_KEYS` document. Made together, so a missing file regenerates the whole set and the
 * pinned keys always match the private ones.
 */
function ensureBusKeys(dir) {
  const files = [...BUS_IDENTITIES.map(busSigningKeyName), 'BUS_PUBLIC_KEYS'];
  if (files.every((name) => fs.existsSync(path.join(dir, name)))) return;
  const pinned = {};
  for (const identity of BUS_IDENTITIES) {
    const { privateKey, publicKey } = crypto.generateKeyPairSync('ed25519');
    const seed = Buffer.from(privateKey.export({ format: 'jwk' }).d, 'base64url').toString('base64');
    fs.writeFileSync(path.join(dir, busSigningKeyName(identity)), seed, { mode: 0o600 });
    pinned[identity] = Buffer.from(publicKey.export({ format: 'jwk' }).x, 'base64url').toString('base64');
  }
  fs.writeFileSync(path.join(dir, 'BUS_PUBLIC_KEYS'), JSON.stringify(pinned), { mode: 0o600 });
}

/** Whether this clone already has its development secrets (before ensureDevSecrets makes any). */
function hasDevSecrets(root) {
  return fs.existsSync(path.join(root, DEV_SECRETS_DIR, 'SIGNING_KEYS_MASTER_KEY'));
}

/** Returns env additions, or {} when the operator configured secrets themselves (or in production). */
function ensureDevSecrets(root, env) {
  if (env.ENVIRONMENT === 'production' || env.SECRETS_PROVIDER) return {};
  // Secrets given in the environment mean the operator manages them: leave them alone.
  if (env.JWT_SECRET_KEY) return {};
  const dir = path.join(root, DEV_SECRETS_DIR);
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  for (const [name, bytes] of Object.entries(DEV_SECRETS)) {
    const file = path.join(dir, name);
    if (fs.existsSync(file)) continue;
    fs.writeFileSync(file, crypto.randomBytes(bytes).toString('hex'), { mode: 0o600 });
  }
  ensureBusKeys(dir);
  return { SECRETS_PROVIDER: 'file', SECRETS_FILE_DIR: dir };
}

module.exports = { ensureDevSecrets, hasDevSecrets, DEV_SECRETS_DIR, DEV_SECRETS, BUS_IDENTITIES };
