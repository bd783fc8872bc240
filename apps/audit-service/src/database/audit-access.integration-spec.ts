/**
 * Append-only in Postgres itself: the role audit-service works as may only read and append, and the
 * triggers refuse UPDATE, DELETE and TRUNCATE to every role, the superuser included.
 */
import { randomBytes } from 'node:crypto';
import type { DataSource } from 'typeorm';
import type { Logger } from '@tr4ction/telemetry';
import { AUDIT_WRITER_ROLE } from '../migrations';
import { AuditHarness } from '../testing/audit-harness';
import { checkAuditSession, createAuditDataSource, describeAuditSession } from './audit-database';

const TABLES = ['audit.audit_log_v1', 'audit.audit_checkpoints_v1'] as const;

async function failure(p: Promise<unknown>): Promise<{ code?: string; message: string }> {
  try {
    await p;
  } catch (err) {
    return { code: (err as { code?: string }).code ?? (err as { driverError?: { code?: string } }).driverError?.code, message: (err as Error).message };
  }
  throw new Error('expected the statement to be refused');
}

describe('audit log access rules', () => {
  let h: AuditHarness;

  beforeAll(async () => {
    h = await AuditHarness.start({ checkpointEvery: 2 });
    await h.append(4); // records 1..4 and checkpoints at 2 and 4
  });

  afterAll(() => h?.stop());

  it('runs the audit pool as the restricted role', async () => {
    const session = await describeAuditSession(h.writer);
    expect(session.current_user).toBe(AUDIT_WRITER_ROLE);
    expect(session.session_user).not.toBe(AUDIT_WRITER_ROLE);
  });

  it('lets the restricted role read and append', async () => {
    expect((await h.records()).map((r) => r.seq)).toEqual([1, 2, 3, 4]);
    expect(await h.checkpointRepo.lastSeq()).toBe(4);
  });

  describe.each(TABLES)('%s', (table) => {
    it.each([
      ['UPDATE', `UPDATE ${table} SET hash = hash`],
      ['DELETE', `DELETE FROM ${table}`],
      ['TRUNCATE', `TRUNCATE ${table}`],
    ])('refuses %s to the restricted role (no privilege)', async (_op, sql) => {
      const err = await failure(h.writer.query(sql));
      expect(err.code).toBe('42501');
      expect(err.message).toMatch(/permission denied/);
    });

    it.each([
      ['UPDATE', `UPDATE ${table} SET hash = hash`],
      ['DELETE', `DELETE FROM ${table}`],
      ['TRUNCATE', `TRUNCATE ${table}`],
    ])('refuses %s to the superuser (trigger)', async (op, sql) => {
      const err = await failure(h.owner.query(sql));
      expect(err.code).toBe('42501');
      expect(err.message).toContain(`${table} is append-only (${op} rejected)`);
    });

    it('does not let the restricted role disable the triggers or drop the table', async () => {
      expect((await failure(h.writer.query(`ALTER TABLE ${table} DISABLE TRIGGER USER`))).message).toMatch(/must be owner/);
      expect((await failure(h.writer.query(`DROP TABLE ${table}`))).message).toMatch(/must be owner/);
    });
  });

  it('keeps the seq blocks of time-window pages itself: the restricted role reads them but cannot change them', async () => {
    // Noted by the log's insert trigger, whoever appends (here the restricted role, as the projector does).
    const blocks: Array<{ block: string; min: Date; max: Date }> = await h.writer.query(
      'SELECT block, min_occurred_at AS min, max_occurred_at AS max FROM audit.audit_seq_blocks_v1 ORDER BY block',
    );
    const times = (await h.records()).map((r) => Date.parse(r.occurred_at));
    expect(blocks).toEqual([{ block: '0', min: new Date(Math.min(...times)), max: new Date(Math.max(...times)) }]);
    for (const sql of [
      `INSERT INTO audit.audit_seq_blocks_v1 VALUES (9, now(), now())`,
      `UPDATE audit.audit_seq_blocks_v1 SET max_occurred_at = min_occurred_at`,
      `DELETE FROM audit.audit_seq_blocks_v1`,
    ]) {
      expect({ sql, code: (await failure(h.writer.query(sql))).code }).toEqual({ sql, code: '42501' });
    }
  });

  it('does not let the restricted role create objects', async () => {
    expect((await failure(h.writer.query('CREATE TABLE audit.shadow (x int)'))).code).toBe('42501');
  });

  /**
   * The production shape: AUDIT_DATABASE_URL names a login that is only a member of the restricted
   * role. Unlike the development superuser, it cannot step back out of the role.
   */
  describe('with a login that is only a member of the role (production)', () => {
    const login = `tr4ction_audit_it_${randomBytes(4).toString('hex')}`;
    let ds: DataSource;

    beforeAll(async () => {
      await h.owner.query(`CREATE ROLE ${login} LOGIN PASSWORD '${randomBytes(16).toString('hex')}' IN ROLE ${AUDIT_WRITER_ROLE}`);
      const url = new URL(h.databaseUrl);
      url.username = login;
      ds = createAuditDataSource({ DATABASE_URL: h.databaseUrl, AUDIT_DATABASE_URL: url.toString(), DATABASE_POOL_SIZE: 1, ENVIRONMENT: 'production' });
      await ds.initialize();
    });

    afterAll(async () => {
      await ds?.destroy();
      await h.owner.query(`DROP ROLE IF EXISTS ${login}`);
    });

    it('passes the production check without owner or superuser rights', async () => {
      const warnings: string[] = [];
      const logger = { error: (_o: unknown, msg: string) => warnings.push(msg) } as unknown as Logger;
      const session = await checkAuditSession(ds, { DATABASE_URL: h.databaseUrl, DATABASE_POOL_SIZE: 1, ENVIRONMENT: 'production' }, logger);
      expect(session).toEqual({ current_user: AUDIT_WRITER_ROLE, session_user: login, superuser: false, owner: false });
      expect(warnings).toEqual([]);
    });

    it('cannot become the owner, and has no more rights as itself', async () => {
      expect((await failure(ds.query('SET ROLE postgres'))).code).toBe('42501');
      await ds.transaction(async (m) => {
        await m.query('SET LOCAL ROLE NONE');
        expect((await failure(m.query('UPDATE audit.audit_log_v1 SET hash = hash'))).code).toBe('42501');
      });
    });

    it('appends and reads like the development pool', async () => {
      const rows: Array<{ n: string }> = await ds.query('SELECT count(*) AS n FROM audit.audit_log_v1');
      expect(Number(rows[0].n)).toBe(4);
    });
  });

  it('reports a superuser login as such, so production can warn about it', async () => {
    const warnings: string[] = [];
    const logger = { error: (_o: unknown, msg: string) => warnings.push(msg) } as unknown as Logger;
    const session = await checkAuditSession(h.writer, { DATABASE_URL: h.databaseUrl, DATABASE_POOL_SIZE: 1, ENVIRONMENT: 'production' }, logger);
    expect(session.superuser).toBe(true);
    expect(warnings).toHaveLength(1);
  });

  it('leaves the log intact after every refused attempt', async () => {
    expect((await h.records()).map((r) => r.seq)).toEqual([1, 2, 3, 4]);
    expect((await h.verification.verify()).ok).toBe(true);
  });
});
