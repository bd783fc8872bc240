import { Inject, Injectable } from '@nestjs/common';
import type { DataSource, EntityManager } from 'typeorm';
import type { Checkpoint } from '@tr4ction/audit-chain';
import { AUDIT_DATA_SOURCE } from '../database/audit-database';

interface CheckpointRow {
  seq: string;
  hash: string;
  key_id: string;
  signature: string;
  signed_at: Date;
}

/** Stored checkpoints, on the restricted pool: they can be added and read, never changed. */
@Injectable()
export class CheckpointRepository {
  constructor(@Inject(AUDIT_DATA_SOURCE) private readonly dataSource: DataSource) {}

  /** False when a checkpoint at that seq exists already (another replica signed it first). */
  async insert(m: EntityManager, checkpoint: Checkpoint, publicKey: string): Promise<boolean> {
    const rows: unknown[] = await m.query(
      `INSERT INTO audit.audit_checkpoints_v1 (seq, hash, key_id, public_key, signature, signed_at) VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT (seq) DO NOTHING RETURNING seq`,
      [checkpoint.seq, checkpoint.hash, checkpoint.key_id, publicKey, checkpoint.signature, checkpoint.signed_at],
    );
    return rows.length > 0;
  }

  async lastSeq(m?: EntityManager): Promise<number> {
    const rows: Array<{ seq: string | null }> = await (m ?? this.dataSource).query(`SELECT max(seq) AS seq FROM audit.audit_checkpoints_v1`);
    return Number(rows[0]?.seq ?? 0);
  }

  /** Every checkpoint, oldest first: a few per thousand records, so they fit in memory. */
  async all(): Promise<Checkpoint[]> {
    const rows: CheckpointRow[] = await this.dataSource.query(`SELECT seq, hash, key_id, signature, signed_at FROM audit.audit_checkpoints_v1 ORDER BY seq`);
    return rows.map((r) => ({ seq: Number(r.seq), hash: r.hash, key_id: r.key_id, signature: r.signature, signed_at: new Date(r.signed_at).toISOString() }));
  }
}
