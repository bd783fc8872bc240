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
import { ALL_EVENTS_SUBJECT, BUS_STREAMS, DEAD_LETTER_SUBJECT_ROOT, QUARANTINE_SUBJECT_ROOT } from '@tr4ction/contracts';

export const EVENTS_STREAM = BUS_STREAMS.events;
export const DEAD_LETTER_STREAM = BUS_STREAMS.deadLetter;
/** Messages refused for their proof (bad, missing or unknown signature, producer not the owner). */
export const QUARANTINE_STREAM = BUS_STREAMS.quarantine;
export { DEAD_LETTER_SUBJECT_ROOT, QUARANTINE_SUBJECT_ROOT };

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

export interface EnsureStreamsOptions {
  /** JetStream replicas of each stream: 1 on one server, 3 in a cluster (NATS_STREAM_REPLICAS). */
  replicas?: number;
  /** Create or update the streams: only the stream owner of the permission table may; the others wait for them. */
  manage?: boolean;
  /** Called now and then while waiting for a stream that does not exist yet. */
  onWait?: (stream: string) => void;
}

/**
 * The replica count a boot applies: the configured one on creation; on an existing stream the
 * larger of the configured and the current one, so a boot never takes away replicas an operator
 * (or a cluster-wide setting) added, and moving to a cluster raises them.
 */
export function replicasFor(configured: number, existing: number | undefined): number {
  return existing === undefined ? configured : Math.max(configured, existing);
}

/**
 * A JetStream API answer that says "not now" rather than "no": a timeout or 503 while a cluster
 * elects its meta leader or places a replicated stream (several replicas booting at once).
 */
export function isTransientJetStreamError(err: unknown): boolean {
  const e = err as { code?: string; message?: string };
  return /^(TIMEOUT|503)$/.test(String(e?.code ?? '')) || /timeout|temporarily unavailable|no responders|leader/i.test(String(e?.message ?? ''));
}

const RETRY_DEADLINE_MS = 60_000;

/** Retries a JetStream API call that answers "not now" (isTransientJetStreamError) for up to a minute. */
export async function retryWhileTransient<T>(call: () => Promise<T>): Promise<T> {
  const deadline = Date.now() + RETRY_DEADLINE_MS;
  for (let attempt = 1; ; attempt++) {
    try {
      return await call();
    } catch (err) {
      if (!isTransientJetStreamError(err) || Date.now() >= deadline) throw err;
      await new Promise((r) => setTimeout(r, Math.min(250 * attempt, 2000)));
    }
  }
}

async function ensureStream(jsm: JetStreamManager, config: Partial<StreamConfig> & { name: string }, configured: number): Promise<void> {
  let existing: number | undefined;
  try {
    existing = (await jsm.streams.info(config.name)).config.num_replicas;
  } catch (err) {
    if (!/stream not found/i.test(String((err as Error).message))) throw err;
  }
  if (existing !== undefined) {
    await jsm.streams.update(config.name, { ...config, num_replicas: replicasFor(configured, existing) });
    return;
  }
  try {
    await jsm.streams.add({ ...config, num_replicas: configured });
  } catch (addErr) {
    // Another process created it in between: fine.
    if (!/already in use|already exists/i.test(String((addErr as Error).message))) throw addErr;
  }
}

export async function ensureStreams(jsm: JetStreamManager, options: EnsureStreamsOptions = {}): Promise<void> {
  if (options.manage === false) {
    for (const config of STREAMS) await waitForStream(jsm, config.name, options.onWait);
    return;
  }
  const configured = options.replicas ?? 1;
  for (const config of STREAMS) await retryWhileTransient(() => ensureStream(jsm, config, configured));
}

async function waitForStream(jsm: JetStreamManager, name: string, onWait?: (stream: string) => void): Promise<void> {
  let delay = 250;
  for (let attempt = 1; ; attempt++) {
    try {
      await jsm.streams.info(name);
      return;
    } catch (err) {
      if (!/stream not found/i.test(String((err as Error).message)) && !isTransientJetStreamError(err)) throw err;
      if (attempt === 1 || attempt % 20 === 0) onWait?.(name);
      await new Promise((r) => setTimeout(r, delay));
      delay = Math.min(delay * 2, 2000);
    }
  }
}
