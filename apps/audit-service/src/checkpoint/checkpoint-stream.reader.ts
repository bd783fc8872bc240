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
import type { JetStreamManager, MsgRequest, NatsConnection, StoredMsg } from 'nats';
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

/** The next copy at or after `seq`; the server's `next_by_subj` query, which the client's type leaves out. */
async function nextCopy(jsm: JetStreamManager, seq: number): Promise<StoredMsg | undefined> {
  const query: { seq: number; next_by_subj: string } = { seq, next_by_subj: CHECKPOINT_SUBJECT };
  try {
    return await jsm.streams.getMessage(EVENTS_STREAM, query as unknown as MsgRequest);
  } catch (err) {
    if (/no message found/i.test(String((err as Error).message))) return undefined;
    throw err;
  }
}

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
      return await this.scan(jsm, count);
    } catch (err) {
      this.logger.warn({ err: err instanceof Error ? err.message : 'unknown' }, 'could not read the newest checkpoint from the event stream');
      return { status: 'unavailable' };
    }
  }

  /**
   * Reads the copies one by one with message-get (`next_by_subj` from the sequence after the last
   * one read): the one JetStream API call the permission table grants audit-service on the event
   * stream for this, so the reader needs no consumer of its own.
   */
  private async scan(jsm: JetStreamManager, count: number): Promise<OutsideCopy> {
    const isSigned = checkpointVerifier(this.keys.trusted);
    const seen = new Set<string>();
    let best: Checkpoint | undefined;
    let refused = 0;
    const deadline = Date.now() + READ_DEADLINE_MS;
    let seq = 1;
    for (let read = 0; read < count; read++) {
      // A partial read could miss the newest genuine copy: better no outside copy than a stale one.
      if (Date.now() > deadline) throw new Error('the checkpoint copies could not all be read in time');
      const msg = await nextCopy(jsm, seq);
      // None left: old copies aged out of the stream after the count was taken.
      if (!msg) break;
      const copy = this.judge(msg, isSigned, seen);
      if (copy === undefined) refused++;
      else if (!best || copy.seq > best.seq) best = copy;
      seq = msg.seq + 1;
    }
    return best ? { status: 'found', checkpoint: best, refused } : { status: 'none', refused };
  }

  /** The checkpoint a copy carries when it is genuine and not a replay; otherwise alerts and returns undefined. */
  private judge(msg: StoredMsg, isSigned: (checkpoint: Checkpoint) => boolean, seen: Set<string>): Checkpoint | undefined {
    const authenticator: EventAuthenticator = this.bus.authenticator;
    const verdict = authenticator.authenticate({ subject: msg.subject, data: msg.data, headers: msg.header });
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
