/**
 * The JetStream streams of the platform, declared once. Events live in a file-backed stream;
 * the duplicate window makes a re-published event id (a relay that died before marking its
 * row sent) a no-op.
 */
import { DiscardPolicy, RetentionPolicy, StorageType, nanos, type JetStreamManager, type StreamConfig } from 'nats';
import { ALL_EVENTS_SUBJECT } from '@tr4ction/contracts';

export const EVENTS_STREAM = 'TR4CTION_EVENTS';
export const DEAD_LETTER_STREAM = 'TR4CTION_DLQ';
export const DEAD_LETTER_SUBJECT_ROOT = 'tr4ction-dlq';

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

export interface EnsureStreamsOptions {
  /** JetStream replicas of each stream: 1 on one server, 3 in a cluster (NATS_STREAM_REPLICAS). */
  replicas?: number;
}

/**
 * The replica count a boot applies: the configured one on creation; on an existing stream the
 * larger of the configured and the current one, so a boot never takes away replicas an operator
 * (or a cluster-wide setting) added, and moving to a cluster raises them.
 */
export function replicasFor(configured: number, existing: number | undefined): number {
  return existing === undefined ? configured : Math.max(configured, existing);
}

export async function ensureStreams(jsm: JetStreamManager, options: EnsureStreamsOptions = {}): Promise<void> {
  const configured = options.replicas ?? 1;
  for (const config of STREAMS) {
    let existing: number | undefined;
    try {
      existing = (await jsm.streams.info(config.name)).config.num_replicas;
    } catch (err) {
      if (!/stream not found/i.test(String((err as Error).message))) throw err;
    }
    if (existing !== undefined) {
      await jsm.streams.update(config.name, { ...config, num_replicas: replicasFor(configured, existing) });
      continue;
    }
    try {
      await jsm.streams.add({ ...config, num_replicas: configured });
    } catch (addErr) {
      // Another process created it in between: fine.
      if (!/already in use|already exists/i.test(String((addErr as Error).message))) throw addErr;
    }
  }
}
