import { GroupCommit } from './group-commit';

class Outage extends Error {}

function deferred() {
  let release!: () => void;
  const gate = new Promise<void>((r) => (release = r));
  return { gate, release };
}

describe(GroupCommit.name, () => {
  it('writes a lone item at once and groups what arrives during a transaction', async () => {
    const batches: number[][] = [];
    const first = deferred();
    const sut = new GroupCommit<number, string>({
      maxBatch: 10,
      isTransient: () => false,
      commit: async (items) => {
        batches.push(items);
        if (batches.length === 1) await first.gate;
        return items.map((i) => `r${i}`);
      },
    });
    const results = [sut.submit(1), sut.submit(2), sut.submit(3), sut.submit(4)];
    first.release();
    expect(await Promise.all(results)).toEqual(['r1', 'r2', 'r3', 'r4']);
    expect(batches).toEqual([[1], [2, 3, 4]]);
  });

  it('with a linger, holds the first item of an idle group so items arriving within it share its transaction', async () => {
    jest.useFakeTimers();
    try {
      const batches: number[][] = [];
      const sut = new GroupCommit<number, number>({
        maxBatch: 10,
        isTransient: () => false,
        lingerMs: 5,
        commit: async (items) => (batches.push(items), items),
      });
      const first = sut.submit(1);
      await jest.advanceTimersByTimeAsync(4);
      expect(batches).toEqual([]);
      const rest = sut.submitAll([2, 3]);
      await jest.advanceTimersByTimeAsync(1);
      expect(await Promise.all([first, rest])).toEqual([1, [2, 3]]);
      expect(batches).toEqual([[1, 2, 3]]);
      // Idle again: the next item lingers afresh instead of being written at once.
      const later = sut.submit(4);
      await jest.advanceTimersByTimeAsync(4);
      expect(batches).toHaveLength(1);
      await jest.advanceTimersByTimeAsync(1);
      expect(await later).toBe(4);
      expect(batches).toEqual([[1, 2, 3], [4]]);
    } finally {
      jest.useRealTimers();
    }
  });

  it('never puts more than maxBatch items in one transaction', async () => {
    const sizes: number[] = [];
    const sut = new GroupCommit<number, number>({ maxBatch: 2, isTransient: () => false, commit: async (items) => (sizes.push(items.length), items) });
    await Promise.all([1, 2, 3, 4, 5].map((i) => sut.submit(i)));
    expect(Math.max(...sizes)).toBeLessThanOrEqual(2);
    expect(sizes.reduce((a, b) => a + b, 0)).toBe(5);
  });

  it('retries a failed batch item by item, so only the bad item fails', async () => {
    const sut = new GroupCommit<number, number>({
      maxBatch: 10,
      isTransient: () => false,
      commit: async (items) => {
        if (items.includes(13)) throw new Error('refused');
        return items;
      },
    });
    const hold = sut.submit(0); // starts a transaction; the next three form one batch
    const outcomes = await Promise.allSettled([sut.submit(12), sut.submit(13), sut.submit(14)]);
    await hold;
    expect(outcomes.map((o) => o.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
  });

  it('fails the whole batch on an outage, without item-by-item retries', async () => {
    let calls = 0;
    const sut = new GroupCommit<number, number>({
      maxBatch: 10,
      isTransient: (err) => err instanceof Outage,
      commit: async () => {
        calls++;
        throw new Outage('database away');
      },
    });
    const outcomes = await Promise.allSettled([sut.submit(1), sut.submit(2), sut.submit(3)]);
    expect(outcomes.every((o) => o.status === 'rejected')).toBe(true);
    expect(calls).toBe(2); // [1] then [2, 3]
  });
});
