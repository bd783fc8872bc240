/**
 * The one-statement append (`AuditRepository.appendAfter`), which the projection uses while it is the
 * only writer: it waits for the append lock, writes only onto the newest record as remembered, and
 * leaves the batch to the locked transaction otherwise. Real Postgres, the restricted writer login.
 */
import { chainNext, recordFieldsFromEvent } from '@tr4ction/audit-chain';
import { waitFor } from '@tr4ction/testing';
import { AuditHarness, event } from '../testing/audit-harness';
import { APPEND_LOCK_SQL } from './audit.repository';

describe('the one-statement audit append', () => {
  let h: AuditHarness;
  const login = (i: number) => event('LoginSucceeded', { password_change_required: false }, { subject: { type: 'user', id: `append-${i}` } });
  const count = async (eventId: string): Promise<number> =>
    Number((await h.owner.query('SELECT count(*) AS n FROM audit.audit_log_v1 WHERE event_id = $1', [eventId]))[0].n);
  const answers = (spy: jest.SpyInstance): Promise<unknown[]> => Promise.all(spy.mock.results.map((r) => r.value));

  beforeAll(async () => {
    h = await AuditHarness.start({ checkpointEvery: 1_000_000 });
  });

  afterEach(() => jest.restoreAllMocks());

  afterAll(async () => {
    await h?.stop();
  });

  it('appends every batch after the first in one statement, without the locked transaction, and the chain verifies', async () => {
    await h.projection.project(login(0));
    const oneStatement = jest.spyOn(h.repo, 'appendAfter');
    const locked = jest.spyOn(h.repo, 'lockForAppend');
    for (let i = 1; i <= 5; i++) expect(await h.projection.project(login(i))).toBe(true);
    expect(await answers(oneStatement)).toEqual([true, true, true, true, true]);
    expect(locked).not.toHaveBeenCalled();
    const records = await h.records();
    expect(records.map((r) => r.seq)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(await h.verification.verify()).toMatchObject({ ok: true, checked: 6 });
  });

  it('waits for the append lock while another transaction holds it', async () => {
    const blocker = h.owner.createQueryRunner();
    await blocker.connect();
    await blocker.startTransaction();
    try {
      await blocker.query(APPEND_LOCK_SQL);
      const oneStatement = jest.spyOn(h.repo, 'appendAfter');
      const e = login(100);
      const pending = h.projection.project(e);
      await waitFor(
        async () =>
          (
            await h.owner.query(
              `SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock' AND wait_event = 'advisory'`,
            )
          )[0].n === 1,
        { timeoutMs: 10_000, what: 'the append to wait for the lock' },
      );
      expect(oneStatement).toHaveBeenCalledTimes(1);
      expect(await count(e.id)).toBe(0);
      await blocker.commitTransaction();
      await expect(pending).resolves.toBe(true);
      expect(await answers(oneStatement)).toEqual([true]);
    } finally {
      if (blocker.isTransactionActive) await blocker.rollbackTransaction();
      await blocker.release();
    }
  });

  it('records a redelivered event once: the unique event id refuses the statement and the locked transaction skips it', async () => {
    const e = login(200);
    expect(await h.projection.project(e)).toBe(true);
    const oneStatement = jest.spyOn(h.repo, 'appendAfter');
    expect(await h.projection.project(e)).toBe(false);
    expect(await answers(oneStatement)).toEqual([false]);
    expect(await count(e.id)).toBe(1);
  });

  it('writes nothing onto a head that is not the newest record, or whose hash differs', async () => {
    const [previous, newest] = (await h.records()).slice(-2);
    const before = (await h.records()).length;
    const fields = recordFieldsFromEvent(login(300), new Date().toISOString());
    expect(await h.repo.appendAfter(previous, [chainNext(previous, fields)])).toBe(false);
    const forged = { seq: newest.seq, hash: 'f'.repeat(64) };
    expect(await h.repo.appendAfter(forged, [chainNext(forged, fields)])).toBe(false);
    expect(await h.records()).toHaveLength(before);
    expect(await h.verification.verify()).toMatchObject({ ok: true, checked: before });
  });

  it('leaves the batch to the locked transaction when another replica appended, and the chain stays one', async () => {
    const other = await h.restart({ checkpointEvery: 1_000_000 });
    expect(await other.projection.project(login(400))).toBe(true);
    const oneStatement = jest.spyOn(h.repo, 'appendAfter');
    const locked = jest.spyOn(h.repo, 'lockForAppend');
    expect(await h.projection.project(login(401))).toBe(true);
    expect(await answers(oneStatement)).toEqual([false]);
    expect(locked).toHaveBeenCalledTimes(1);
    // Gapless, and every record linked to the one before it (what verify walks).
    const records = await h.records();
    expect(records.map((r) => r.seq)).toEqual(records.map((_r, i) => i + 1));
    expect(await h.verification.verify()).toMatchObject({ ok: true, checked: records.length });
  });

  it('leaves a batch that lands on a checkpoint to the locked transaction, which signs it', async () => {
    const head = (await h.records()).length;
    // A replica whose checkpoints fall on head + 3: its first append (head + 1) teaches it the head.
    const replica = await h.restart({ checkpointEvery: head + 3 });
    expect(await replica.projection.project(login(500))).toBe(true);
    const oneStatement = jest.spyOn(replica.repo, 'appendAfter');
    expect(await replica.projection.projectBatch([login(501), login(502)])).toBe(2);
    expect(oneStatement).not.toHaveBeenCalled();
    const signed: Array<{ seq: string }> = await h.owner.query('SELECT seq FROM audit.audit_checkpoints_v1 WHERE seq = $1', [head + 3]);
    expect(signed).toHaveLength(1);
    expect(await replica.projection.project(login(503))).toBe(true);
    expect(await answers(oneStatement)).toEqual([true]);
    expect(await replica.verification.verify()).toMatchObject({ ok: true, checked: head + 4 });
  });
});
