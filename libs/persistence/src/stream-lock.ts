/**
 * The write lock of one event stream, for the rest of the caller's transaction. Commands that
 * decide inside a transaction take it before loading their aggregate, so two of them on one
 * stream run one after the other instead of the second failing on the version; a writer that
 * loaded without it still gets ConcurrencyError from the append if the stream moved meanwhile.
 * The key names the schema too: advisory locks are shared by every schema of the database.
 */
import type { EntityManager } from 'typeorm';

export async function lockStream(manager: EntityManager, schema: string, streamId: string): Promise<void> {
  await manager.query(`SELECT pg_advisory_xact_lock(hashtextextended($1, 0))`, [`${schema}:${streamId}`]);
}
