/**
 * The serialised append and its checkpoints on real Postgres: concurrent appends stay gapless and
 * chained, a rolled-back append leaves no gap, checkpoints land on every multiple of N inside the
 * append, and the timer signs the head only when something worth protecting arrived.
 */
import { verifyCheckpoint } from '@tr4ction/audit-chain';
import { AuditHarness, sampleEvent } from '../testing/audit-harness';
import { CheckpointService } from './checkpoint.service';

describe(CheckpointService.name, () => {
  let h: AuditHarness;

  beforeAll(async () => {
    h = await AuditHarness.start({ checkpointEvery: 5 });
  });

  afterAll(() => h?.stop());

  beforeEach(() => h.reset());

  async function outboxTypes(): Promise<string[]> {
    const rows: Array<{ type: string }> = await h.owner.query(`SELECT envelope->>'type' AS type FROM audit.outbox ORDER BY position`);
    return rows.map((r) => r.type);
  }

  it('keeps seq gapless and the chain linked under concurrent appends', async () => {
    await Promise.all(Array.from({ length: 40 }, (_, i) => h.projection.project(sampleEvent(i))));
    const records = await h.records();
    expect(records.map((r) => r.seq)).toEqual(Array.from({ length: 40 }, (_, i) => i + 1));
    expect(await h.verification.verify()).toMatchObject({ ok: true, checked: 40, checkpoints: { stored: 8 } });
  });

  it('leaves no gap, no record and no checkpoint behind a rolled-back append', async () => {
    await h.append(4);
    const original = h.checkpoints.afterAppend.bind(h.checkpoints);
    // Record 5 is a checkpoint seq: the failure comes after the record, the checkpoint and its announcement.
    const spy = jest.spyOn(h.checkpoints, 'afterAppend').mockImplementationOnce(async (m, record) => {
      expect(await original(m, record)).toMatchObject({ seq: 5 });
      throw new Error('simulated failure after the insert, before the commit');
    });
    const failed = sampleEvent(100);
    const next = sampleEvent(101);
    await expect(h.projection.project(failed)).rejects.toThrow('simulated failure');
    spy.mockImplementation(original);
    await h.projection.project(next);
    const records = await h.records();
    expect(records.map((r) => r.seq)).toEqual([1, 2, 3, 4, 5]);
    expect(records[4].event_id).toBe(next.id);
    expect(records.some((r) => r.event_id === failed.id)).toBe(false);
    const checkpoints = await h.checkpointRepo.all();
    expect(checkpoints.map((c) => [c.seq, c.hash])).toEqual([[5, records[4].hash]]);
    expect(await outboxTypes()).toEqual(['AuditCheckpointSigned']);
    expect((await h.verification.verify()).ok).toBe(true);
    spy.mockRestore();
  });

  it('signs each multiple of N inside the append, and announces it in the same transaction', async () => {
    await h.append(12);
    const checkpoints = await h.checkpointRepo.all();
    const records = await h.records();
    expect(checkpoints.map((c) => c.seq)).toEqual([5, 10]);
    for (const c of checkpoints) {
      expect(c.hash).toBe(records[c.seq - 1].hash);
      expect(verifyCheckpoint(h.keys.trusted, c)).toBe(true);
    }
    expect((await outboxTypes()).filter((t) => t === 'AuditCheckpointSigned')).toHaveLength(2);
  });

  it('signs the head on the timer only when records other than announcements arrived', async () => {
    await h.append(7); // checkpoint at 5
    expect(await h.checkpoints.signIfStale()).toMatchObject({ seq: 7 });
    expect(await h.checkpoints.signIfStale()).toBeNull(); // nothing new
    // The announcement of checkpoint 7 comes back as record 8: on its own, it does not call for another.
    await h.projection.project({
      ...sampleEvent(50),
      type: 'AuditCheckpointSigned',
      data: { seq: 7, hash: 'ab'.repeat(32), key_id: '0123456789abcdef', signature: 'x'.repeat(86) },
    });
    expect(await h.checkpoints.signIfStale()).toBeNull();
    await h.append(1, (i) => sampleEvent(60 + i)); // record 9
    expect(await h.checkpoints.signIfStale()).toMatchObject({ seq: 9 });
    expect((await h.checkpointRepo.all()).map((c) => c.seq)).toEqual([5, 7, 9]);
    expect(await h.verification.verify()).toMatchObject({ ok: true, checked: 9 });
  });

  it('signs nothing on an empty log', async () => {
    expect(await h.checkpoints.signIfStale()).toBeNull();
  });
});
