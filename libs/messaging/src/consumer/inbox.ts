import type { EntityManager } from 'typeorm';

/**
 * Idempotent consumption: inside the handler's transaction, claim the event id for this consumer.
 * A redelivered event (its ack was lost) finds its claim and is skipped.
 */
export async function claimEvent(manager: EntityManager, schema: string, consumer: string, eventId: string): Promise<boolean> {
  const rows: unknown[] = await manager.query(`INSERT INTO "${schema}".inbox (consumer, event_id) VALUES ($1, $2) ON CONFLICT DO NOTHING RETURNING event_id`, [
    consumer,
    eventId,
  ]);
  return rows.length > 0;
}
