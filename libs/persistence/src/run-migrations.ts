import type { DataSource } from 'typeorm';

/**
 * Runs pending migrations under a Postgres advisory lock, so replicas booting together
 * migrate once. The schema is created first because TypeORM keeps its migrations table in it.
 */
export async function runMigrations(dataSource: DataSource, schema: string): Promise<string[]> {
  const runner = dataSource.createQueryRunner();
  await runner.connect();
  try {
    await runner.query('SELECT pg_advisory_lock(hashtext($1))', [`tr4ction-migrate:${schema}`]);
    await runner.query(`CREATE SCHEMA IF NOT EXISTS "${schema}"`);
    const done = await dataSource.runMigrations({ transaction: 'each' });
    return done.map((m) => m.name);
  } finally {
    await runner.query('SELECT pg_advisory_unlock(hashtext($1))', [`tr4ction-migrate:${schema}`]).catch(() => undefined);
    await runner.release();
  }
}
