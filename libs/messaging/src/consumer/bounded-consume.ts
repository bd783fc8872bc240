/**
 * Feeds a consumer's messages to `handle` with up to `maxInFlight` of them in progress at once,
 * started in delivery order. With 1 (the default of every consumer) each message finishes before
 * the next starts. A larger bound lets a handler that groups concurrent calls into one transaction
 * (the audit projection's group commit) see many messages at a time; each message is still
 * acknowledged only by its own handle() once its work committed.
 */
export async function consumeBounded<T>(messages: AsyncIterable<T>, maxInFlight: number, handle: (msg: T) => Promise<void>): Promise<void> {
  if (maxInFlight <= 1) {
    for await (const msg of messages) await handle(msg);
    return;
  }
  const inFlight = new Set<Promise<void>>();
  for await (const msg of messages) {
    const running: Promise<void> = handle(msg).finally(() => inFlight.delete(running));
    inFlight.add(running);
    if (inFlight.size >= maxInFlight) await Promise.race(inFlight);
  }
  await Promise.all(inFlight);
}

/**
 * Feeds a consumer's messages to `handle` in batches of up to `maxBatch`: a message that finds a
 * free slot starts a batch at once (a lone event waits for nothing); those arriving meanwhile form
 * the next. Two batches run at a time, so one is parsed and validated while the other commits;
 * at most 3 x `maxBatch` messages are held unacknowledged (two running, one collecting).
 */
export async function consumeInBatches<T>(messages: AsyncIterable<T>, maxBatch: number, handle: (batch: T[]) => Promise<void>): Promise<void> {
  const concurrency = 2;
  const queue: T[] = [];
  const inFlight = new Set<Promise<void>>();
  let batchTaken: (() => void) | undefined;
  // Called on every arrival and on every batch's end, so no message waits for a batch that ended.
  const dispatch = (): void => {
    while (queue.length > 0 && inFlight.size < concurrency) {
      const running: Promise<void> = handle(queue.splice(0, maxBatch)).finally(() => {
        inFlight.delete(running);
        dispatch();
      });
      inFlight.add(running);
      batchTaken?.();
    }
  };
  for await (const msg of messages) {
    queue.push(msg);
    dispatch();
    if (queue.length >= maxBatch) await new Promise<void>((resolve) => (batchTaken = resolve));
    batchTaken = undefined;
  }
  while (inFlight.size > 0) await Promise.all(inFlight);
}
