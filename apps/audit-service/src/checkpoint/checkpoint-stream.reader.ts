/**
 * Reads the newest AuditCheckpointSigned announcement back from the event stream: the copy of a
 * checkpoint that lives outside the database. It catches an attacker who cut the tail of the log and
 * deleted the checkpoints that named it, since the stream still remembers the newest one.
 */
import { Inject, Injectable } from '@nestjs/common';
import type { NatsConnection } from 'nats';
import type { Checkpoint } from '@tr4ction/audit-chain';
import { subjectFor } from '@tr4ction/contracts';
import { EVENTS_STREAM } from '@tr4ction/messaging';
import { LOGGER, NATS_CONNECTION } from '@tr4ction/platform';
import type { Logger } from '@tr4ction/telemetry';
import { checkpointFromEvent } from './checkpoint.service';

export type OutsideCopy = { status: 'found'; checkpoint: Checkpoint } | { status: 'none' } | { status: 'unavailable' };

@Injectable()
export class CheckpointStreamReader {
  constructor(
    @Inject(NATS_CONNECTION) private readonly nats: NatsConnection | undefined,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  async latest(): Promise<OutsideCopy> {
    if (!this.nats) return { status: 'unavailable' };
    try {
      const jsm = await this.nats.jetstreamManager();
      const msg = await jsm.streams.getMessage(EVENTS_STREAM, { last_by_subj: subjectFor('AuditCheckpointSigned') });
      const checkpoint = checkpointFromEvent(JSON.parse(Buffer.from(msg.data).toString('utf8')));
      return checkpoint ? { status: 'found', checkpoint } : { status: 'none' };
    } catch (err) {
      if (/no message found|message not found|404/i.test(String((err as Error).message ?? ''))) return { status: 'none' };
      this.logger.warn({ err: err instanceof Error ? err.message : 'unknown' }, 'could not read the newest checkpoint from the event stream');
      return { status: 'unavailable' };
    }
  }
}
