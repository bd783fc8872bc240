import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Signing-key commands and the schedule fold every `signing-key-%` stream (SigningKeyAggregates).
 * The event store's (stream_id, version) index cannot serve a LIKE prefix under a non-C collation,
 * so that read was a sequential scan of every stream, service accounts' included. Measured with
 * 120,400 events (100 keys): 28 to 77 ms as a scan, 0.4 ms with this index.
 */
export class EventStoreStreamPrefix1766200000000 implements MigrationInterface {
  name = 'EventStoreStreamPrefix1766200000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX event_store_stream_prefix ON rotation.event_store (stream_id text_pattern_ops, version)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX rotation.event_store_stream_prefix`);
  }
}
