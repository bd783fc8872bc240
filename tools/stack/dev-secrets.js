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
  return { SECRETS_PROVIDER: 'file', SECRETS_FILE_DIR: dir };
}

module.exports = { ensureDevSecrets, DEV_SECRETS_DIR, DEV_SECRETS };
