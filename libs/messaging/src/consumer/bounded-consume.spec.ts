import { consumeInBatches } from './bounded-consume';

/** An async source the test feeds by hand, like a consumer's message iterator. */
function source<T>() {
  const waiting: T[] = [];
  let wake: (() => void) | undefined;
  let ended = false;
  return {
    push(...items: T[]) {
      waiting.push(...items);
      wake?.();
    },
    end() {
      ended = true;
      wake?.();
    },
    async *[Symbol.asyncIterator](): AsyncGenerator<T> {
      for (;;) {
        while (waiting.length > 0) yield waiting.shift() as T;
        if (ended) return;
        await new Promise<void>((resolve) => (wake = resolve));
      }
    },
  };
}

function gate() {
  let open!: () => void;
  const opened = new Promise<void>((resolve) => (open = resolve));
  return { opened, open };
}

const settle = () => new Promise((resolve) => setImmediate(resolve));

describe('consumeInBatches', () => {
  it('starts a lone message at once and groups those that arrive while two batches run', async () => {
    const messages = source<number>();
    const batches: number[][] = [];
    const gates = [gate(), gate(), gate()];
    const done = consumeInBatches(messages, 3, async (batch) => {
      batches.push(batch);
      await gates[batches.length - 1]?.opened;
    });
    messages.push(1);
    await settle();
    expect(batches).toEqual([[1]]);
    messages.push(2);
    await settle();
    messages.push(3, 4, 5, 6, 7);
    await settle();
    // Two running ([1], [2]); the rest wait, and the collector stops at one full batch.
    expect(batches).toEqual([[1], [2]]);
    gates[0].open();
    await settle();
    expect(batches[2]).toEqual([3, 4, 5]);
    gates[1].open();
    gates[2].open();
    messages.end();
    await done;
    expect(batches.flat()).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(Math.max(...batches.map((b) => b.length))).toBeLessThanOrEqual(3);
  });

  it('leaves no message behind when it arrives just as the last batch ends', async () => {
    const messages = source<number>();
    const seen: number[] = [];
    const done = consumeInBatches(messages, 10, async (batch) => {
      seen.push(...batch);
    });
    for (let i = 0; i < 50; i++) {
      messages.push(i);
      if (i % 7 === 0) await settle();
    }
    await settle();
    expect(seen).toHaveLength(50);
    messages.end();
    await done;
  });
});
