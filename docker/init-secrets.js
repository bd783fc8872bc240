// The compose files' init step: writes each secret the stack reads into the directory given
// (a volume mounted at /run/secrets), once, with a random value; existing files are left alone, so
// a restart keeps the secrets (and Postgres its password). Prints names only, never a value.
// Mode 0444: the services (uid 1000), Postgres (uid 999) and PgBouncer read them; only this stack's
// containers mount the volume.
'use strict';

const crypto = require('node:crypto');
const fs = require('node:fs');
const path = require('node:path');

/** File name -> how its value is made (hex: every reader accepts it). */
const SECRETS = {
  JWT_SECRET_KEY: () => crypto.randomBytes(32).toString('hex'),
  SIGNING_KEYS_MASTER_KEY: () => crypto.randomBytes(32).toString('hex'),
  MFA_ENCRYPTION_KEY: () => crypto.randomBytes(32).toString('hex'),
  postgres_password: () => crypto.randomBytes(32).toString('hex'),
};

/** Identities with a bus signing key (BUS_IDENTITIES in libs/contracts; a unit spec keeps them equal). */
const BUS_IDENTITIES = ['api-gateway', 'auth-service', 'user-service', 'audit-service', 'rotation-service', 'cli'];

function busSigningKeyName(identity) {
  return `BUS_SIGNING_KEY_${identity.toUpperCase().replace(/[^A-Z0-9]/g, '_')}`;
}

/**
 * One Ed25519 event-signing key per identity (base64 seed) and the pinned BUS_PUBLIC_KEYS, made
 * together so the pinned keys always match: a missing file regenerates the whole set.
 */
function ensureBusKeys(dir) {
  const names = [...BUS_IDENTITIES.map(busSigningKeyName), 'BUS_PUBLIC_KEYS'];
  if (names.every((name) => fs.existsSync(path.join(dir, name)))) {
    console.log('init-secrets: bus signing keys kept');
    return;
  }
  const pinned = {};
  for (const identity of BUS_IDENTITIES) {
    const { privateKey, publicKey } = crypto.generateKeyPairSync('ed25519');
    const file = path.join(dir, busSigningKeyName(identity));
    fs.rmSync(file, { force: true });
    fs.writeFileSync(file, Buffer.from(privateKey.export({ format: 'jwk' }).d, 'base64url').toString('base64'), { mode: 0o444 });
    pinned[identity] = Buffer.from(publicKey.export({ format: 'jwk' }).x, 'base64url').toString('base64');
  }
  fs.rmSync(path.join(dir, 'BUS_PUBLIC_KEYS'), { force: true });
  fs.writeFileSync(path.join(dir, 'BUS_PUBLIC_KEYS'), JSON.stringify(pinned), { mode: 0o444 });
  console.log(`init-secrets: bus signing keys created (${BUS_IDENTITIES.length} identities and BUS_PUBLIC_KEYS)`);
}

function main(dir) {
  if (!dir) throw new Error('usage: init-secrets.js <directory>');
  fs.mkdirSync(dir, { recursive: true });
  for (const [name, make] of Object.entries(SECRETS)) {
    const file = path.join(dir, name);
    if (fs.existsSync(file)) {
      console.log(`init-secrets: ${name} kept`);
      continue;
    }
    fs.writeFileSync(file, make(), { mode: 0o444, flag: 'wx' });
    console.log(`init-secrets: ${name} created`);
  }
  // PgBouncer's auth file (compose.cluster.yml): the same login as the services', in its format.
  const userlist = path.join(dir, 'pgbouncer_userlist.txt');
  if (!fs.existsSync(userlist)) {
    const password = fs.readFileSync(path.join(dir, 'postgres_password'), 'utf8').trim();
    fs.writeFileSync(userlist, `"postgres" "${password}"\n`, { mode: 0o444, flag: 'wx' });
    console.log('init-secrets: pgbouncer_userlist.txt created');
  }
  ensureBusKeys(dir);
}

module.exports = { main, SECRETS, BUS_IDENTITIES };

if (require.main === module) main(process.argv[2]);
