import { BoundedSemaphore } from './bounded.semaphore';

class Deferred {
  resolve!: () => void;
  readonly promise = new Promise<void>((resolve) => (this.resolve = resolve));
}

class FullError extends Error {}

function setup(maxConcurrent = 1, maxQueue = 1) {
  const sut = new BoundedSemaphore(maxConcurrent, maxQueue, () => new FullError('full'));
  return { sut };
}

describe(BoundedSemaphore.name, () => {
  it('runs up to maxConcurrent tasks and queues the next ones in order', async () => {
    const { sut } = setup(2, 2);
    const gates = [new Deferred(), new Deferred(), new Deferred()];
    const order: number[] = [];
    const runs = gates.map((gate, i) =>
      sut.run(async () => {
        order.push(i);
        await gate.promise;
        return i;
      }),
    );
    expect(sut.stats()).toEqual({ active: 2, queued: 1, maxConcurrent: 2, maxQueue: 2 });
    gates[0].resolve();
    await expect(runs[0]).resolves.toBe(0);
    gates[1].resolve();
    gates[2].resolve();
    await expect(Promise.all(runs)).resolves.toEqual([0, 1, 2]);
    expect(order).toEqual([0, 1, 2]);
    expect(sut.stats()).toMatchObject({ active: 0, queued: 0 });
  });

  it('rejects at once when the queue is full', async () => {
    const { sut } = setup(1, 1);
    const gate = new Deferred();
    const first = sut.run(() => gate.promise);
    const second = sut.run(() => Promise.resolve());
    await expect(sut.run(() => Promise.resolve())).rejects.toBeInstanceOf(FullError);
    expect(sut.stats()).toMatchObject({ active: 1, queued: 1 });
    gate.resolve();
    await expect(Promise.all([first, second])).resolves.toBeDefined();
  });

  it('frees the slot when a task fails', async () => {
    const { sut } = setup(1, 0);
    await expect(sut.run(() => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    await expect(sut.run(() => Promise.resolve('ok'))).resolves.toBe('ok');
    expect(sut.stats()).toMatchObject({ active: 0, queued: 0 });
  });

  it.each([
    [0, 1],
    [1.5, 1],
    [1, -1],
  ])('refuses maxConcurrent=%p, maxQueue=%p', (maxConcurrent, maxQueue) => {
    expect(() => setup(maxConcurrent, maxQueue)).toThrow(RangeError);
  });
});
