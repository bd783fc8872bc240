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
