/**
 * Reads the newest genuine AuditCheckpointSigned announcement back from the event stream: the copy of a
 * checkpoint that lives outside the database. It catches an attacker who cut the tail of the log and
 * deleted the checkpoints that named it, since the stream still remembers the newest one (the stream
 * denies deletes and purges, so the copy is write-once).
 *
 * Anyone with bus access can publish on the subject, so no copy is believed for where it sits: each
 * must carry audit-service's bus signature and a checkpoint signature by a trusted key. The newest
 * message is not taken blindly either: a forgery published after the real copy, or a genuine but old
 * copy published again (a replay), must not shadow it. So every copy on the subject is read and the
 * genuine one naming the highest seq wins; forged and replayed copies raise a bus security alert.
 * The chosen copy is then checked against the chain itself by verification (seq and hash).
 */
import { Inject, Injectable } from '@nestjs/common';
import type { JsMsg, NatsConnection } from 'nats';
import { checkpointVerifier, type Checkpoint } from '@tr4ction/audit-chain';
import { subjectFor } from '@tr4ction/contracts';
import { EVENTS_STREAM, type EventAuthenticator } from '@tr4ction/messaging';
import { BUS_SECURITY, LOGGER, NATS_CONNECTION, type BusSecurity } from '@tr4ction/platform';
import type { Logger } from '@tr4ction/telemetry';
import { CHECKPOINT_KEYS, type CheckpointKeys } from './checkpoint-keys';
import { checkpointFromEvent } from './checkpoint.service';

export type OutsideCopy = { status: 'found'; checkpoint: Checkpoint; refused: number } | { status: 'none'; refused: number } | { status: 'unavailable' };

const READER = 'audit-checkpoint-reader';
const CHECKPOINT_SUBJECT = subjectFor('AuditCheckpointSigned');
/** A stream of checkpoints is read in well under this; past it the copy counts as unavailable. */
const READ_DEADLINE_MS = 30_000;

@Injectable()
export class CheckpointStreamReader {
  constructor(
    @Inject(NATS_CONNECTION) private readonly nats: NatsConnection | undefined,
    @Inject(LOGGER) private readonly logger: Logger,
    @Inject(BUS_SECURITY) private readonly bus: Pick<BusSecurity, 'authenticator'>,
    @Inject(CHECKPOINT_KEYS) private readonly keys: Pick<CheckpointKeys, 'trusted'>,
  ) {}

  async latest(): Promise<OutsideCopy> {
    if (!this.nats) return { status: 'unavailable' };
    try {
      const jsm = await this.nats.jetstreamManager();
      const info = await jsm.streams.info(EVENTS_STREAM, { subjects_filter: CHECKPOINT_SUBJECT });
      const count = info.state.subjects?.[CHECKPOINT_SUBJECT] ?? 0;
      if (count === 0) return { status: 'none', refused: 0 };
      return await this.scan(count);
    } catch (err) {
      this.logger.warn({ err: err instanceof Error ? err.message : 'unknown' }, 'could not read the newest checkpoint from the event stream');
      return { status: 'unavailable' };
    }
  }

  private async scan(count: number): Promise<OutsideCopy> {
    const nats = this.nats as NatsConnection;
    const isSigned = checkpointVerifier(this.keys.trusted);
    const seen = new Set<string>();
    let best: Checkpoint | undefined;
    let refused = 0;
    const consumer = await nats.jetstream().consumers.get(EVENTS_STREAM, { filterSubjects: CHECKPOINT_SUBJECT });
    const messages = await consumer.consume({ max_messages: 256 });
    const deadline = setTimeout(() => void messages.close(), READ_DEADLINE_MS);
    let read = 0;
    let complete = false;
    try {
      for await (const msg of messages) {
        read++;
        const copy = this.judge(msg, isSigned, seen);
        if (copy === undefined) refused++;
        else if (!best || copy.seq > best.seq) best = copy;
        // `pending` reaches 0 early when old copies aged out of the stream after the count was taken.
        complete = msg.info.pending === 0 || read >= count;
        if (complete) break;
      }
    } finally {
      clearTimeout(deadline);
      await messages.close();
    }
    // A partial read could miss the newest genuine copy: better no outside copy than a stale one.
    if (!complete) throw new Error('the checkpoint copies could not all be read in time');
    return best ? { status: 'found', checkpoint: best, refused } : { status: 'none', refused };
  }

  /** The checkpoint a copy carries when it is genuine and not a replay; otherwise alerts and returns undefined. */
  private judge(msg: JsMsg, isSigned: (checkpoint: Checkpoint) => boolean, seen: Set<string>): Checkpoint | undefined {
    const authenticator: EventAuthenticator = this.bus.authenticator;
    const verdict = authenticator.authenticate(msg);
    if (!verdict.ok) {
      authenticator.alert(READER, msg.subject, verdict);
      return undefined;
    }
    const checkpoint = checkpointFromEvent(verdict.payload);
    if (!checkpoint || !isSigned(checkpoint)) {
      authenticator.alert(READER, msg.subject, { ok: false, reason: 'bad_signature', type: verdict.type, producer: verdict.proof.producer });
      return undefined;
    }
    const id = (verdict.payload as { id: string }).id;
    if (seen.has(id)) {
      authenticator.alert(READER, msg.subject, { ok: false, reason: 'replayed', type: verdict.type, producer: verdict.proof.producer });
      return undefined;
    }
    seen.add(id);
    return checkpoint;
  }
}
