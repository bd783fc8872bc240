// `npm start`'s default database belongs to the `.dev-secrets` it was made with: the signing keys and
// MFA secrets in it are encrypted, and its checkpoints signed, under that clone's master keys. A
// second clone on the same machine makes new secrets but finds the first clone's database under the
// same default name, and auth-service could not decrypt its keys. So the stack stamps the database
// with a fingerprint of its secrets (a database comment) and moves a database made with other
// secrets aside, renamed and never dropped, before it creates a fresh one.
'use strict';

const crypto = require('node:crypto');
const fs = require('node:fs');
const path = require('node:path');

const STAMP_PREFIX = 'tr4ction development database, secrets ';
/** The secrets whose loss makes the data unreadable; JWT_SECRET_KEY and the bus keys are not stored in it. */
const DATA_KEYS = ['SIGNING_KEYS_MASTER_KEY', 'MFA_ENCRYPTION_KEY', 'AUDIT_CHECKPOINT_KEY'];

/** A one-way fingerprint of the data keys: tells two sets apart, reveals nothing of either. */
function secretsFingerprint(secretsDir) {
  const hash = crypto.createHash('sha256').update('tr4ction dev database v1');
  for (const name of DATA_KEYS) hash.update('\0').update(fs.readFileSync(path.join(secretsDir, name)));
  return hash.digest('hex').slice(0, 32);
}

function stampOf(fingerprint) {
  return `${STAMP_PREFIX}${fingerprint}`;
}

/**
 * What to do with the database found under the default name:
 * - 'create': none yet; create it and stamp it;
 * - 'use': made with these secrets;
 * - 'stamp': unstamped and usable: empty, or made by this clone before stamps existed (its secrets
 *   were already there when this start began);
 * - 'move-aside': stamped for other secrets, or holding data while these secrets were just made.
 */
function devDatabaseVerdict({ exists, comment, hasData, secretsWereNew, fingerprint }) {
  if (!exists) return 'create';
  if (comment === stampOf(fingerprint)) return 'use';
  if (typeof comment === 'string' && comment.startsWith(STAMP_PREFIX)) return 'move-aside';
  if (!hasData) return 'stamp';
  return secretsWereNew ? 'move-aside' : 'stamp';
}

function timestampSuffix(now = new Date()) {
  return now.toISOString().replace(/[-:]/g, '').replace('T', '_').slice(0, 15);
}

/**
 * Makes `database` (on the server adminClient is connected to, through its maintenance database)
 * this clone's: resolves { database, created, movedTo? }. connectTo() opens a client on the database
 * itself (to look for data in an unstamped one); createDatabase(name) creates one, resolving false
 * when another process was first.
 */
async function claimDevDatabase({ adminClient, connectTo, createDatabase, database, fingerprint, secretsWereNew, quoteIdentifier, now }) {
  const found = await adminClient.query("SELECT shobj_description(oid, 'pg_database') AS comment FROM pg_database WHERE datname = $1", [database]);
  const exists = found.rowCount > 0;
  let hasData = false;
  if (exists && found.rows[0].comment == null) {
    const client = await connectTo(database);
    try {
      const schemas = await client.query(
        "SELECT 1 FROM pg_namespace WHERE nspname NOT IN ('public', 'information_schema') AND nspname NOT LIKE 'pg\\_%' LIMIT 1",
      );
      hasData = schemas.rowCount > 0;
    } finally {
      await client.end().catch(() => {});
    }
  }
  const verdict = devDatabaseVerdict({ exists, comment: found.rows[0]?.comment, hasData, secretsWereNew, fingerprint });
  const quoted = quoteIdentifier(database);
  const stamp = () => adminClient.query(`COMMENT ON DATABASE ${quoted} IS '${stampOf(fingerprint)}'`);
  if (verdict === 'use') return { database, created: false };
  if (verdict === 'stamp') {
    await stamp();
    return { database, created: false };
  }
  let movedTo;
  if (verdict === 'move-aside') {
    movedTo = `${database}_other_secrets_${timestampSuffix(now)}`;
    try {
      await adminClient.query(`ALTER DATABASE ${quoted} RENAME TO ${quoteIdentifier(movedTo)}`);
    } catch (err) {
      // 55006 object_in_use: a stack of the other clone is still connected to it.
      if (err && err.code === '55006') {
        throw new Error(
          `database "${database}" was made with other development secrets (another clone?) and is in use, so it ` +
            'cannot be moved aside. Stop the stack using it, or set DATABASE_URL to another database.',
        );
      }
      throw err;
    }
  }
  const created = await createDatabase(database);
  await stamp();
  return { database, created, movedTo };
}

module.exports = { secretsFingerprint, devDatabaseVerdict, claimDevDatabase, stampOf, DATA_KEYS };
