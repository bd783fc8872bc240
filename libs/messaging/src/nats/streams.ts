/**
 * The JetStream streams of the platform, declared once. Events live in a file-backed stream;
 * the duplicate window makes a re-published event id (a relay that died before marking its
 * row sent) a no-op.
 */
import { DiscardPolicy, RetentionPolicy, StorageType, nanos, type JetStreamManager, type StreamConfig } from 'nats';
import { ALL_EVENTS_SUBJECT, BUS_STREAMS, DEAD_LETTER_SUBJECT_ROOT } from '@tr4ction/contracts';

export const EVENTS_STREAM = BUS_STREAMS.events;
export const DEAD_LETTER_STREAM = BUS_STREAMS.deadLetter;
export { DEAD_LETTER_SUBJECT_ROOT };

const DAY_MS = 24 * 60 * 60 * 1000;

const STREAMS: Array<Partial<StreamConfig> & { name: string }> = [
  {
    name: EVENTS_STREAM,
    subjects: [ALL_EVENTS_SUBJECT],
    storage: StorageType.File,
    retention: RetentionPolicy.Limits,
    discard: DiscardPolicy.Old,
    max_age: nanos(30 * DAY_MS),
    duplicate_window: nanos(10 * 60 * 1000),
  },
  {
    name: DEAD_LETTER_STREAM,
    subjects: [`${DEAD_LETTER_SUBJECT_ROOT}.>`],
    storage: StorageType.File,
    retention: RetentionPolicy.Limits,
    max_age: nanos(90 * DAY_MS),
  },
];

/**
 * Creates or updates the streams (`manage`, only the stream owner of the permission table may), or
 * else waits until they exist: the other identities may read a stream's info, never change it.
 */
export async function ensureStreams(jsm: JetStreamManager, options: { manage?: boolean; onWait?: (stream: string) => void } = {}): Promise<void> {
  if (options.manage === false) {
    for (const config of STREAMS) await waitForStream(jsm, config.name, options.onWait);
    return;
  }
  for (const config of STREAMS) {
    try {
      await jsm.streams.info(config.name);
      await jsm.streams.update(config.name, config);
    } catch (err) {
      if (!/stream not found/i.test(String((err as Error).message))) throw err;
      try {
        await jsm.streams.add(config);
      } catch (addErr) {
        // Another process created it in between: fine.
        if (!/already in use|already exists/i.test(String((addErr as Error).message))) throw addErr;
      }
    }
  }
}

async function waitForStream(jsm: JetStreamManager, name: string, onWait?: (stream: string) => void): Promise<void> {
  let delay = 250;
  for (let attempt = 1; ; attempt++) {
    try {
      await jsm.streams.info(name);
      return;
    } catch (err) {
      if (!/stream not found/i.test(String((err as Error).message))) throw err;
      if (attempt === 1 || attempt % 20 === 0) onWait?.(name);
      await new Promise((r) => setTimeout(r, delay));
      delay = Math.min(delay * 2, 2000);
    }
  }
}
