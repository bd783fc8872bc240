/**
 * `GET /audit/verify` (and the CLI later): walks the chain oldest first, in constant memory, against
 * the stored checkpoints and the newest copy on the event stream, trusting only configured keys.
 * Checkpoints are loaded before the records: a record is never removed legitimately, so everything a
 * loaded checkpoint names must still be there when the walk reaches it.
 */
import { Inject, Injectable } from '@nestjs/common';
import { checkpointVerifier, verifyChain, type Checkpoint } from '@tr4ction/audit-chain';
import { BUS_SECURITY, LOGGER, type BusSecurity } from '@tr4ction/platform';
import type { Logger } from '@tr4ction/telemetry';
import { AuditRepository } from '../audit/audit.repository';
import type { AuditVerifyAnswer } from '../audit/audit.types';
import { CHECKPOINT_KEYS, type CheckpointKeys } from '../checkpoint/checkpoint-keys';
import { CheckpointRepository } from '../checkpoint/checkpoint.repository';
import { CheckpointStreamReader } from '../checkpoint/checkpoint-stream.reader';
import { AuditMetrics } from '../metrics/audit-metrics';
import { recordProofCheck } from './record-proof.check';

@Injectable()
export class AuditVerificationService {
  constructor(
    private readonly records: AuditRepository,
    private readonly checkpoints: CheckpointRepository,
    private readonly stream: CheckpointStreamReader,
    private readonly metrics: AuditMetrics,
    @Inject(CHECKPOINT_KEYS) private readonly keys: CheckpointKeys,
    @Inject(LOGGER) private readonly logger: Logger,
    @Inject(BUS_SECURITY) private readonly bus: Pick<BusSecurity, 'verifier'>,
  ) {}

  async verify(): Promise<AuditVerifyAnswer> {
    const stored = await this.checkpoints.all();
    const outside = await this.stream.latest();
    // A copy on the stream that no trusted key signed is noise anyone on the bus could publish: it
    // neither vouches for the chain nor accuses it. A stored checkpoint is the record itself and is judged.
    const copy = outside.status === 'found' && checkpointVerifier(this.keys.trusted)(outside.checkpoint) ? outside.checkpoint : undefined;
    const all = copy && !stored.some((c) => sameCheckpoint(c, copy)) ? [...stored, copy] : stored;
    const result = await verifyChain(this.records.readAscending(), all, this.keys.trusted, recordProofCheck(this.bus.verifier));
    this.metrics.verifications.inc({ result: result.ok ? 'ok' : (result.reason ?? 'failed') });
    if (!result.ok)
      this.logger.error({ reason: result.reason, first_bad_seq: result.first_bad_seq, checked: result.checked }, 'audit chain verification failed');
    return { ...result, checkpoints: { stored: stored.length, outside_copy_seq: copy?.seq ?? null } };
  }
}

function sameCheckpoint(a: Checkpoint, b: Checkpoint): boolean {
  return a.seq === b.seq && a.signature === b.signature;
}
