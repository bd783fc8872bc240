/**
 * How the CLI hands a connection string to pg_dump / pg_restore: the password goes in PGPASSWORD
 * (the environment of the child only), never on a command line where `ps` would show it.
 */
import { CliError } from '../framework/cli-error';
import { EXIT } from '../framework/exit-codes';

export interface PgTarget {
  /** The connection string without its password, for --dbname. */
  dbname: string;
  /** Extra environment for the child process (PGPASSWORD when the URL had one). */
  env: Record<string, string>;
  database: string;
}

const DATABASE_NAME = /^[A-Za-z0-9_][A-Za-z0-9_$-]{0,62}$/;

export function pgTarget(url: string): PgTarget {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    throw new CliError(EXIT.CONFIG, 'DATABASE_URL is not a valid URL');
  }
  if (!/^postgres(ql)?:$/.test(u.protocol)) throw new CliError(EXIT.CONFIG, 'DATABASE_URL must be a postgres:// URL');
  const env: Record<string, string> = {};
  const password = u.password ? decodeURIComponent(u.password) : u.searchParams.get('password');
  if (password) env.PGPASSWORD = password;
  u.password = '';
  u.searchParams.delete('password');
  const database = decodeURIComponent(u.pathname.replace(/^\//, ''));
  if (!DATABASE_NAME.test(database)) throw new CliError(EXIT.CONFIG, 'the database URL must name a database (letters, digits, _ - $)');
  return { dbname: u.toString(), env, database };
}

/** The same server and credentials, another database. */
export function withDatabaseName(url: string, database: string): string {
  if (!DATABASE_NAME.test(database)) throw new CliError(EXIT.USAGE, `not a valid database name: ${database}`);
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}
