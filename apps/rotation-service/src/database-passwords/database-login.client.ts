/**
 * Short connections as a service's own database login, for its password rotation: Postgres lets a
 * role change its own password (ALTER ROLE SESSION_USER), so the engine logs in as the role itself
 * and needs no CREATEROLE anywhere. The new password travels as a SCRAM verifier computed here.
 */
import { Client } from 'pg';
import { scramSha256Verifier, withLogin } from '@tr4ction/persistence';
import { StepRefused } from '../staged-rotation/staged-rotation.runner';

const CONNECT_TIMEOUT_MS = 5000;
const INVALID_PASSWORD = '28P01';

/** Where and how rotation-service reaches the database as `login` (the server of its own DATABASE_URL). */
export interface DatabaseLoginTarget {
  serverUrl: string;
  login: string;
}

/** Runs `work` on a fresh connection as the login with `password`; a refused password rejects with StepRefused('password_refused'). */
export async function asLogin<T>(target: DatabaseLoginTarget, password: string, work: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({
    connectionString: withLogin(target.serverUrl, target.login, password),
    connectionTimeoutMillis: CONNECT_TIMEOUT_MS,
    application_name: 'rotation-service-db-password',
  });
  client.on('error', () => undefined);
  try {
    await client.connect();
    const who = await client.query<{ login: string }>('SELECT session_user::text AS login');
    // A pooler or a mistyped URL could land on another login: never change the wrong role's password.
    if (who.rows[0]?.login !== target.login) throw new StepRefused('unexpected_login');
    return await work(client);
  } catch (err) {
    throw asStepRefused(err);
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** Gives the login `password` (as a verifier), on a connection that logged in with `loginPassword`. */
export async function changeOwnPassword(target: DatabaseLoginTarget, loginPassword: string, password: string): Promise<void> {
  await asLogin(target, loginPassword, async (client) => {
    await client.query(`ALTER ROLE SESSION_USER PASSWORD '${scramSha256Verifier(password)}'`);
  });
}

export function isPasswordRefused(err: unknown): boolean {
  return err instanceof StepRefused && err.reason === 'password_refused';
}

/** Driver and network errors as codes: their messages may quote the connection string. */
function asStepRefused(err: unknown): StepRefused {
  if (err instanceof StepRefused) return err;
  const code = (err as { code?: unknown })?.code;
  if (code === INVALID_PASSWORD) return new StepRefused('password_refused');
  if (typeof code === 'string' && /^[A-Z0-9_]{1,32}$/.test(code)) return new StepRefused(`database_${code.toLowerCase()}`);
  return new StepRefused('database_unreachable');
}
