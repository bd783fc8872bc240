import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The tables every event-producing service keeps in its own schema:
 * - event_store: the aggregates' events, optimistic concurrency on (stream_id, version);
 * - outbox: events waiting for the relay, written in the same transaction as the change;
 * - inbox: ids of events this service consumed, so redelivery is harmless.
 */
export function eventSourcingTablesMigration(schema: string, timestamp: number): new () => MigrationInterface {
  const s = `"${schema}"`;
  return class EventSourcingTables implements MigrationInterface {
    name = `EventSourcingTables${timestamp}`;

    async up(q: QueryRunner): Promise<void> {
      await q.query(`CREATE TABLE ${s}.event_store (
        position bigserial PRIMARY KEY,
        stream_id text NOT NULL,
        version integer NOT NULL CHECK (version > 0),
        event_id uuid NOT NULL UNIQUE,
        type text NOT NULL,
        envelope jsonb NOT NULL,
        recorded_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT event_store_stream_version UNIQUE (stream_id, version)
      )`);
      await q.query(`CREATE TABLE ${s}.outbox (
        position bigserial PRIMARY KEY,
        event_id uuid NOT NULL UNIQUE,
        subject text NOT NULL,
        envelope jsonb NOT NULL,
        headers jsonb NOT NULL DEFAULT '{}'::jsonb,
        created_at timestamptz NOT NULL DEFAULT now(),
        sent_at timestamptz
      )`);
      await q.query(`CREATE INDEX outbox_unsent ON ${s}.outbox (position) WHERE sent_at IS NULL`);
      await q.query(`CREATE TABLE ${s}.inbox (
        consumer text NOT NULL,
        event_id uuid NOT NULL,
        processed_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (consumer, event_id)
      )`);
    }

    async down(q: QueryRunner): Promise<void> {
      await q.query(`DROP TABLE ${s}.inbox`);
      await q.query(`DROP TABLE ${s}.outbox`);
      await q.query(`DROP TABLE ${s}.event_store`);
    }
  };
}
