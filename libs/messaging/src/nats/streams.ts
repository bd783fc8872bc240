/**
 * The JetStream streams of the platform, declared once. Events live in a file-backed stream;
 * the duplicate window makes a re-published event id (a relay that died before marking its
 * row sent) a no-op.
 *
 * The event stream (which holds the audit checkpoint's outside copy) and the quarantine are
 * write-once: they deny message deletes and purges, so nobody with bus access can erase a
 * checkpoint or the evidence of a forgery; messages leave only by age. NATS refuses to lift those
 * flags once set, and applies them to an existing stream in place, keeping its messages.
 */
import { DiscardPolicy, RetentionPolicy, StorageType, nanos, type JetStreamManager, type StreamConfig } from 'nats';
import { ALL_EVENTS_SUBJECT } from '@tr4ction/contracts';

export const EVENTS_STREAM = 'TR4CTION_EVENTS';
export const DEAD_LETTER_STREAM = 'TR4CTION_DLQ';
export const DEAD_LETTER_SUBJECT_ROOT = 'tr4ction-dlq';
/** Messages refused for their proof (bad, missing or unknown signature, producer not the owner). */
export const QUARANTINE_STREAM = 'TR4CTION_QUARANTINE';
export const QUARANTINE_SUBJECT_ROOT = 'quarantine';

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
    deny_delete: true,
    deny_purge: true,
  },
  {
    name: DEAD_LETTER_STREAM,
    subjects: [`${DEAD_LETTER_SUBJECT_ROOT}.>`],
    storage: StorageType.File,
    retention: RetentionPolicy.Limits,
    max_age: nanos(90 * DAY_MS),
  },
  {
    name: QUARANTINE_STREAM,
    subjects: [`${QUARANTINE_SUBJECT_ROOT}.>`],
    storage: StorageType.File,
    retention: RetentionPolicy.Limits,
    max_age: nanos(90 * DAY_MS),
    // A flood of forgeries must not push the platform's disk over: the oldest evidence goes first.
    max_bytes: 1024 * 1024 * 1024,
    discard: DiscardPolicy.Old,
    duplicate_window: nanos(10 * 60 * 1000),
    deny_delete: true,
    deny_purge: true,
  },
];

export async function ensureStreams(jsm: JetStreamManager): Promise<void> {
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
