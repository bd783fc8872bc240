/**
 * Append-only event store of one service schema. An append names the version the caller last saw;
 * a concurrent writer that got there first makes the insert collide on (stream_id, version).
 */
import type { EntityManager } from 'typeorm';
import type { EventEnvelope } from '@tr4ction/contracts';
import { isUniqueViolation } from './errors';

export class ConcurrencyError extends Error {
  readonly code = 'CONFLICT';
  constructor(
    readonly streamId: string,
    readonly expectedVersion: number,
  ) {
    super(`stream ${streamId} moved past version ${expectedVersion}`);
    this.name = 'ConcurrencyError';
  }
}

export interface StoredEvent {
  position: number;
  streamId: string;
  version: number;
  envelope: EventEnvelope;
}

export class EventStore {
  private readonly table: string;

  constructor(schema: string) {
    this.table = `"${schema}".event_store`;
  }

  async append(manager: EntityManager, streamId: string, expectedVersion: number, events: EventEnvelope[]): Promise<number> {
    if (events.length === 0) return expectedVersion;
    const values: unknown[] = [];
    const rows = events.map((e, i) => {
      values.push(streamId, expectedVersion + i + 1, e.id, e.type, JSON.stringify(e));
      const b = i * 5;
      return `($${b + 1}, $${b + 2}, $${b + 3}, $${b + 4}, $${b + 5}::jsonb)`;
    });
    try {
      await manager.query(`INSERT INTO ${this.table} (stream_id, version, event_id, type, envelope) VALUES ${rows.join(', ')}`, values);
    } catch (err) {
      if (isUniqueViolation(err, 'event_store_stream_version')) throw new ConcurrencyError(streamId, expectedVersion);
      throw err;
    }
    return expectedVersion + events.length;
  }

  /** The stream's events after `afterVersion` (0: all of them), e.g. those past a snapshot. */
  async load(manager: EntityManager, streamId: string, afterVersion = 0): Promise<StoredEvent[]> {
    const rows: Array<{ position: string; stream_id: string; version: number; envelope: EventEnvelope }> = await manager.query(
      `SELECT position, stream_id, version, envelope FROM ${this.table} WHERE stream_id = $1 AND version > $2 ORDER BY version`,
      [streamId, afterVersion],
    );
    return rows.map((r) => ({ position: Number(r.position), streamId: r.stream_id, version: r.version, envelope: r.envelope }));
  }

  /** Every event in commit order, in pages, for rebuilding projections by replay. */
  async *readAll(manager: EntityManager, pageSize = 1000): AsyncGenerator<StoredEvent> {
    let after = 0;
    for (;;) {
      const rows: Array<{ position: string; stream_id: string; version: number; envelope: EventEnvelope }> = await manager.query(
        `SELECT position, stream_id, version, envelope FROM ${this.table} WHERE position > $1 ORDER BY position LIMIT $2`,
        [after, pageSize],
      );
      for (const r of rows) yield { position: Number(r.position), streamId: r.stream_id, version: r.version, envelope: r.envelope };
      if (rows.length < pageSize) return;
      after = Number(rows[rows.length - 1].position);
    }
  }
}
