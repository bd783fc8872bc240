/**
 * The ledger's claim across the transactions of one delivery, on real Postgres: once a claim is
 * committed the delivery's later transactions do not claim again; a claim that was rolled back is
 * made again by the next transaction, so no effect ever commits without the key claimed.
 */
import { randomBytes } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { PostgresQueryRunner } from 'typeorm/driver/postgres/PostgresQueryRunner';
import { createServiceDataSource, rpcRequestsTableMigration } from '@tr4ction/persistence';
import { integrationEnv } from '@tr4ction/testing';
import { newIdempotencyKey } from './idempotency-key';
import { RpcRequestLedger } from './rpc-request-ledger';

const SCHEMA = `rpc_ledger_spec_${randomBytes(3).toString('hex')}`;

describe('RpcRequestLedger claims', () => {
  let ds: DataSource;
  let ledger: RpcRequestLedger;
  /** The claim statements sent, counted at the database client (not a mock of the ledger). */
  let claims = 0;

  beforeAll(async () => {
    ds = createServiceDataSource({ url: integrationEnv().databaseUrl, schema: SCHEMA, service: 'ledger-spec', migrations: [], poolSize: 2 });
    await ds.initialize();
    await ds.query(`CREATE SCHEMA ${SCHEMA}`);
    const runner = ds.createQueryRunner();
    await new (rpcRequestsTableMigration(SCHEMA, 1))().up(runner);
    await runner.release();
    await ds.query(`CREATE TABLE ${SCHEMA}.effects (n int NOT NULL)`);
    ledger = new RpcRequestLedger(ds, SCHEMA).install();
    // Counts the claim statements at the driver, where they go to Postgres (they still run).
    const query = PostgresQueryRunner.prototype.query;
    jest.spyOn(PostgresQueryRunner.prototype, 'query').mockImplementation(function (this: PostgresQueryRunner, ...args: Parameters<typeof query>) {
      if (args[0].startsWith(`INSERT INTO "${SCHEMA}".rpc_requests`)) claims++;
      return query.apply(this, args);
    });
  });

  afterAll(async () => {
    jest.restoreAllMocks();
    ledger?.uninstall();
    await ds?.query(`DROP SCHEMA IF EXISTS ${SCHEMA} CASCADE`);
    await ds?.destroy();
  });

  const effect = (n: number) => ds.transaction((m) => m.query(`INSERT INTO ${SCHEMA}.effects (n) VALUES ($1)`, [n]));
  const serve = (handler: () => Promise<unknown>) => ledger.serve('rpc.spec.change', newIdempotencyKey(), randomBytes(32), handler);
  const claimedRows = async () => Number((await ds.query(`SELECT count(*) AS n FROM ${SCHEMA}.rpc_requests`))[0].n);

  it('claims once for a delivery whose first transaction committed, however many transactions follow', async () => {
    claims = 0;
    const before = await claimedRows();
    await serve(async () => {
      await effect(1);
      await effect(2);
      await effect(3);
      return 'ok';
    });
    expect(claims).toBe(1);
    expect(await claimedRows()).toBe(before + 1);
  });

  it('claims again after a rolled-back claim, so the effect that commits carries the key', async () => {
    claims = 0;
    const before = await claimedRows();
    await serve(async () => {
      await ds
        .transaction(async (m) => {
          await m.query(`INSERT INTO ${SCHEMA}.effects (n) VALUES (4)`);
          throw new Error('rolled back');
        })
        .catch(() => undefined);
      await effect(5);
      return 'ok';
    });
    expect(claims).toBe(2);
    expect(await claimedRows()).toBe(before + 1);
  });
});
