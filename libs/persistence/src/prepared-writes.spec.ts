import { EventEmitter } from 'node:events';
import type * as pg from 'pg';
import { isPreparedWrite, POOLER_HINT, preparedStatementName, withPreparedWrites } from './prepared-writes';

describe('prepared writes', () => {
  it('names parameterised INSERT, UPDATE and DELETE statements only', () => {
    expect(isPreparedWrite('INSERT INTO t (a) VALUES ($1)', [1])).toBe(true);
    expect(isPreparedWrite('\n   update t SET a = $2 WHERE id = $1', [1, 2])).toBe(true);
    expect(isPreparedWrite('DELETE FROM t WHERE created_at < $1', [new Date()])).toBe(true);
    // Reads keep a plan made for their values; statements without parameters go the simple protocol.
    expect(isPreparedWrite('SELECT * FROM t WHERE a = $1', [1])).toBe(false);
    expect(isPreparedWrite('WITH w AS (SELECT 1) INSERT INTO t SELECT $1', [1])).toBe(false);
    expect(isPreparedWrite('WITH w AS (\n  UPDATE t SET a = $2 WHERE id = $1\n) INSERT INTO u (b) VALUES ($3)', [1, 2, 3])).toBe(true);
    expect(isPreparedWrite('WITH w AS MATERIALIZED (SELECT pg_advisory_xact_lock(1)) INSERT INTO t SELECT $1', [1])).toBe(false);
    expect(isPreparedWrite('INSERT INTO t DEFAULT VALUES', [])).toBe(false);
    expect(isPreparedWrite('INSERT INTO t DEFAULT VALUES', undefined)).toBe(false);
    expect(isPreparedWrite('INSERTED', [1])).toBe(false);
  });

  it('leaves a batch whose text or parameters grow with its rows unnamed', () => {
    const rows = (n: number) => Array.from({ length: n }, (_, i) => `($${i + 1})`).join(', ');
    expect(isPreparedWrite(`INSERT INTO t (a) VALUES ${rows(64)}`, new Array(64).fill(1))).toBe(true);
    expect(isPreparedWrite(`INSERT INTO t (a) VALUES ${rows(65)}`, new Array(65).fill(1))).toBe(false);
    expect(isPreparedWrite(`INSERT INTO t (a) VALUES ($1) -- ${'x'.repeat(2000)}`, [1])).toBe(false);
  });

  it('gives a statement the same short name every time, and another statement another name', () => {
    const a = preparedStatementName('INSERT INTO t (a) VALUES ($1)');
    expect(a).toBe(preparedStatementName('INSERT INTO t (a) VALUES ($1)'));
    expect(a).not.toBe(preparedStatementName('INSERT INTO t (b) VALUES ($1)'));
    expect(Buffer.byteLength(a)).toBeLessThan(63);
  });

  it('names the writes of each client its pool connects, and adds the remedy when a pooler lost the statement (fake pool and client)', async () => {
    const lost = Object.assign(new Error('prepared statement "w_x" does not exist'), { code: '26000' });
    const client = { query: jest.fn(async (config: unknown, ..._rest: unknown[]) => (typeof config === 'string' ? { rows: [] } : Promise.reject(lost))) };
    const sent = client.query;
    class FakePool extends EventEmitter {}
    const driver = withPreparedWrites({ Pool: FakePool } as unknown as typeof pg);
    new driver.Pool().emit('connect', client);
    const text = 'INSERT INTO t (a) VALUES ($1)';
    await expect(client.query(text, [1])).rejects.toThrow(POOLER_HINT);
    expect(sent).toHaveBeenLastCalledWith({ name: preparedStatementName(text), text, values: [1] });
    await expect(client.query('SELECT a FROM t WHERE a = $1', [1])).resolves.toEqual({ rows: [] });
    expect(sent).toHaveBeenLastCalledWith('SELECT a FROM t WHERE a = $1', [1], undefined);
  });
});
