import { MigrationExecutor, type DataSource } from 'typeorm';

/**
 * Runs pending migrations in one transaction under a transaction-level advisory lock, so replicas
 * booting together migrate once, and so it works through PgBouncer in transaction mode: a session
 * lock (`pg_advisory_lock`) could be taken on one server connection and released on another, a
 * transaction lock ends with its transaction on the connection that took it. The schema is created
 * first because TypeORM keeps its migrations table in it. A failing migration rolls all back.
 */
export async function runMigrations(dataSource: DataSource, schema: string): Promise<string[]> {
  const runner = dataSource.createQueryRunner();
  await runner.connect();
  try {
    await runner.startTransaction();
    try {
      await runner.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`tr4ction-migrate:${schema}`]);
      // A service's role owns its schema but may not create schemas (CREATE SCHEMA IF NOT EXISTS
      // checks that right even when the schema is there): create it only when it is missing.
      const present = await runner.query('SELECT 1 FROM pg_namespace WHERE nspname = $1', [schema]);
      if (!present.length) await runner.query(`CREATE SCHEMA "${schema}"`);
      const executor = new MigrationExecutor(dataSource, runner);
      // The transaction is ours (the lock lives in it); the executor must not open its own.
      executor.transaction = 'none';
      const done = await executor.executePendingMigrations();
      await runner.commitTransaction();
      return done.map((m) => m.name);
    } catch (err) {
      await runner.rollbackTransaction().catch(() => undefined);
      throw err;
    }
  } finally {
    await runner.release();
  }
}
