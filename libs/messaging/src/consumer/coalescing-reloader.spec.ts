import { CoalescingReloader } from './coalescing-reloader';

/** A load the test finishes by hand, so a trigger can be placed at any point around its end. */
function manualLoads() {
  const pending: Array<() => void> = [];
  const load = jest.fn(() => new Promise<void>((resolve) => pending.push(resolve)));
  return { load, finishNext: () => pending.shift()?.() };
}

async function microtasks(n: number): Promise<void> {
  for (let i = 0; i < n; i++) await Promise.resolve();
}

/** Lets every queued microtask and timer run, finishing loads as they start. */
async function settle(finishNext: () => void): Promise<void> {
  for (let i = 0; i < 20; i++) {
    finishNext();
    await new Promise((r) => setImmediate(r));
  }
}

describe('CoalescingReloader', () => {
  it('folds triggers during a load into exactly one more load', async () => {
    const { load, finishNext } = manualLoads();
    const reloader = new CoalescingReloader(load, () => undefined);
    const first = reloader.trigger();
    await microtasks(2);
    void reloader.trigger();
    void reloader.trigger();
    void reloader.trigger();
    await settle(finishNext);
    await expect(first).resolves.toBe(true);
    expect(load).toHaveBeenCalledTimes(2);
  });

  // A trigger at any moment after a load's snapshot was taken must lead to a later load: the
  // window between the loop's last check and its release is a few microtasks wide, so every
  // depth is tried.
  it.each([0, 1, 2, 3, 4, 5, 6, 8, 12])('never loses a trigger that arrives %i microtasks after its load is finished', async (depth) => {
    const { load, finishNext } = manualLoads();
    const reloader = new CoalescingReloader(load, () => undefined);
    void reloader.trigger();
    await microtasks(2);
    expect(load).toHaveBeenCalledTimes(1);
    finishNext();
    await microtasks(depth);
    void reloader.trigger();
    await settle(finishNext);
    expect(load).toHaveBeenCalledTimes(2);
  });

  it('reports a failed load and loads again on the next trigger', async () => {
    const errors: unknown[] = [];
    let calls = 0;
    const reloader = new CoalescingReloader(
      () => {
        calls += 1;
        // Fails synchronously, before any await: the reloader must still release.
        if (calls === 1) throw new Error('source down');
        return Promise.resolve();
      },
      (err) => errors.push(err),
    );
    await expect(reloader.trigger()).resolves.toBe(false);
    reloader.stop(); // this test triggers by hand; the next one covers the retry
    await expect(reloader.trigger()).resolves.toBe(true);
    expect(calls).toBe(2);
    expect(errors).toEqual([new Error('source down')]);
  });

  it('retries a failed load on its own, backing off, until one succeeds; stop ends the retries', async () => {
    jest.useFakeTimers();
    try {
      let failuresLeft = 3;
      const load = jest.fn(() => (failuresLeft-- > 0 ? Promise.reject(new Error('source down')) : Promise.resolve()));
      const reloader = new CoalescingReloader(load, () => undefined);
      await expect(reloader.trigger()).resolves.toBe(false);
      // 250 ms, then 500 ms, then 1 s: the fourth load succeeds and nothing more is scheduled.
      await jest.advanceTimersByTimeAsync(249);
      expect(load).toHaveBeenCalledTimes(1);
      await jest.advanceTimersByTimeAsync(1);
      expect(load).toHaveBeenCalledTimes(2);
      await jest.advanceTimersByTimeAsync(500);
      expect(load).toHaveBeenCalledTimes(3);
      await jest.advanceTimersByTimeAsync(1000);
      expect(load).toHaveBeenCalledTimes(4);
      await jest.advanceTimersByTimeAsync(60_000);
      expect(load).toHaveBeenCalledTimes(4);

      failuresLeft = 100;
      await expect(reloader.trigger()).resolves.toBe(false);
      reloader.stop();
      await jest.advanceTimersByTimeAsync(60_000);
      expect(load).toHaveBeenCalledTimes(5);
    } finally {
      jest.useRealTimers();
    }
  });
});
