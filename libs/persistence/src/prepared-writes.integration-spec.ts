import type { DataSource } from 'typeorm';
import { createServiceDataSource } from './data-source.factory';
import { preparedStatementName } from './prepared-writes';

const SCHEMA = 'prepared_writes_spec';
const INSERT = `INSERT INTO ${SCHEMA}.items (id, label) VALUES ($1, $2)`;
const UPDATE = `UPDATE ${SCHEMA}.items SET label = $2 WHERE id = $1`;
const SELECT = `SELECT label FROM ${SCHEMA}.items WHERE id = $1`;

/** Set by the integration globalSetup (read directly: @tr4ction/testing builds on this library). */
function testDatabaseUrl(): string {
  const url = process.env.TEST_DATABASE_URL;
  if (!url) throw new Error('integration specs run under jest.integration.config.js (globalSetup sets TEST_DATABASE_URL)');
  return url;
}

/** Runs the writes and a read twice on one connection; answers what that session has prepared. */
async function preparedOnOneConnection(ds: DataSource, id: number): Promise<{ names: string[]; label: string }> {
  const runner = ds.createQueryRunner();
  await runner.connect();
  try {
    for (let round = 1; round <= 2; round++) {
      await runner.startTransaction();
      if (round === 1) await runner.query(INSERT, [id, 'first']);
      await runner.query(UPDATE, [id, `round ${round}`]);
      await runner.commitTransaction();
    }
    const [{ label }]: Array<{ label: string }> = await runner.query(SELECT, [id]);
    const rows: Array<{ name: string }> = await runner.query(`SELECT name FROM pg_prepared_statements ORDER BY name`);
    return { names: rows.map((r) => r.name), label };
  } finally {
    await runner.release();
  }
}

describe('prepared writes on a real Postgres', () => {
  const sources: DataSource[] = [];
  const open = async (preparedWrites: boolean): Promise<DataSource> => {
    const ds = createServiceDataSource({
      url: testDatabaseUrl(),
      schema: SCHEMA,
      service: 'prepared-writes-spec',
      migrations: [],
      poolSize: 1,
      preparedWrites,
    });
    sources.push(ds);
    return ds.initialize();
  };

  beforeAll(async () => {
    const ds = await open(false);
    await ds.query(`DROP SCHEMA IF EXISTS ${SCHEMA} CASCADE`);
    await ds.query(`CREATE SCHEMA ${SCHEMA}`);
    await ds.query(`CREATE TABLE ${SCHEMA}.items (id int PRIMARY KEY, label text NOT NULL)`);
  });

  afterAll(async () => {
    await sources[0]?.query(`DROP SCHEMA IF EXISTS ${SCHEMA} CASCADE`);
    for (const ds of sources) await ds.destroy();
  });

  it('names each write once per connection and leaves reads unnamed; the writes take effect', async () => {
    const ds = await open(true);
    const { names, label } = await preparedOnOneConnection(ds, 1);
    expect(names).toEqual([preparedStatementName(INSERT), preparedStatementName(UPDATE)].sort());
    expect(label).toBe('round 2');
  });

  it('names nothing when turned off (behind a pooler that cannot carry named statements)', async () => {
    const ds = await open(false);
    const { names, label } = await preparedOnOneConnection(ds, 2);
    expect(names).toEqual([]);
    expect(label).toBe('round 2');
  });
});
