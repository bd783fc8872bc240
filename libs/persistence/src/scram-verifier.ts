/**
 * The SCRAM-SHA-256 verifier Postgres stores for a password (RFC 5802/7677, the format of
 * pg_authid.rolpassword), computed here so `ALTER ROLE ... PASSWORD` sends the verifier, never the
 * password: a statement log (log_statement = ddl) or pg_stat_statements then holds nothing that
 * logs in. Postgres stores a value already in this format as it is.
 */
import { createHash, createHmac, pbkdf2Sync, randomBytes } from 'node:crypto';

/** Postgres's own default (scram_iterations). */
export const SCRAM_ITERATIONS = 4096;
const SALT_BYTES = 16;
const KEY_BYTES = 32;

export function scramSha256Verifier(password: string, salt: Buffer = randomBytes(SALT_BYTES), iterations = SCRAM_ITERATIONS): string {
  // SASLprep leaves printable ASCII unchanged; the rotation only generates such passwords.
  if (!/^[\x21-\x7e]+$/.test(password)) throw new RangeError('only printable ASCII passwords are supported');
  const salted = pbkdf2Sync(password, salt, iterations, KEY_BYTES, 'sha256');
  const clientKey = createHmac('sha256', salted).update('Client Key').digest();
  const storedKey = createHash('sha256').update(clientKey).digest();
  const serverKey = createHmac('sha256', salted).update('Server Key').digest();
  return `SCRAM-SHA-256$${iterations}:${salt.toString('base64')}$${storedKey.toString('base64')}:${serverKey.toString('base64')}`;
}
