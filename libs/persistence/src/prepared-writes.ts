/**
 * Named (prepared) INSERT, UPDATE and DELETE statements: the first run on a connection parses and
 * plans the statement, the next ones only bind and execute it. A login sends about twenty such
 * writes; unnamed, Postgres parsed and planned every one of them each time (bench/README.md, round
 * eight: Postgres 12.2-13.8 -> 9.8-10.7 ms of CPU per login with every parameterised statement
 * named, none of it left with plan_cache_mode = force_custom_plan).
 *
 * Only writes: each targets rows by key, so the generic plan Postgres settles on is the plan a
 * custom one would be. Reads are left unnamed on purpose: a filtered page of the audit log or an
 * admin list has a best plan that depends on its parameters, and a generic plan chosen on average
 * selectivity would be wrong for a skewed filter. A named statement lives on one server connection,
 * so behind a transaction pooler without prepared-statement support (PgBouncer before 1.21) they
 * must be off: DATABASE_PREPARED_STATEMENTS=false.
 */
import { createHash } from 'node:crypto';
import type * as pg from 'pg';

/** A write, or a WITH whose first query is a write (a row and the rows that go with it, in one statement). */
const WRITE = /^\s*(?:WITH\s+\w+\s+AS\s*\(\s*)?(INSERT|UPDATE|DELETE)\b/i;
/** A batch INSERT's text grows with its rows: only statements of a bounded size are kept per connection. */
const MAX_TEXT = 2000;
const MAX_PARAMETERS = 64;

/** True for a parameterised INSERT, UPDATE or DELETE small enough to keep per connection. */
export function isPreparedWrite(text: string, values: unknown): boolean {
  return Array.isArray(values) && values.length > 0 && values.length <= MAX_PARAMETERS && text.length <= MAX_TEXT && WRITE.test(text);
}

/** The statement's name on each connection: the same text always gets the same name (under 63 bytes). */
export function preparedStatementName(text: string): string {
  return `w_${createHash('sha256').update(text).digest('base64url').slice(0, 32)}`;
}

type Query = (config: unknown, values?: unknown, callback?: unknown) => unknown;
type Callback = (err: Error | null, result?: unknown) => void;

/** What a pooler that moved the session away answers: the statement does not exist there, or exists already. */
const STATEMENT_LOST = new Set(['26000', '42P05']);
export const POOLER_HINT =
  'named statements need their connection: behind a transaction pooler without prepared-statement support, set DATABASE_PREPARED_STATEMENTS=false';

/** The operator reading the log learns the remedy, not only that a statement went missing. */
function explained(err: unknown): unknown {
  const e = err as { code?: string; message?: string } | null;
  if (e && typeof e.code === 'string' && STATEMENT_LOST.has(e.code) && typeof e.message === 'string' && !e.message.includes(POOLER_HINT))
    e.message = `${e.message} (${POOLER_HINT})`;
  return err;
}

function nameWrites(client: pg.PoolClient): void {
  const query = client.query.bind(client) as Query;
  (client as unknown as { query: Query }).query = (config, values, callback) => {
    if (typeof config !== 'string' || !isPreparedWrite(config, values)) return query(config, values, callback);
    const named = { name: preparedStatementName(config), text: config, values };
    if (typeof callback === 'function')
      return query(named, (err: Error | null, result?: unknown) => (callback as Callback)(err && (explained(err) as Error), result));
    return (query(named) as Promise<unknown>).catch((err: unknown) => {
      throw explained(err);
    });
  };
}

/** `driver` (pg, or a pg with a rotating password) whose pools name the writes of every client they connect. */
export function withPreparedWrites(driver: typeof pg): typeof pg {
  class PreparedWritesPool extends driver.Pool {
    constructor(config?: pg.PoolConfig) {
      super(config);
      this.on('connect', nameWrites);
    }
  }
  const named = Object.create(driver) as typeof pg & { Pool: typeof pg.Pool };
  Object.defineProperty(named, 'Pool', { value: PreparedWritesPool });
  return named;
}
