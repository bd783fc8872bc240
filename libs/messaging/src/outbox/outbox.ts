/**
 * Writes events into the owning service's outbox inside the caller's transaction, together with
 * the trace context of the change, so the relay can continue the same trace when it publishes.
 */
import type { EntityManager } from 'typeorm';
import { subjectFor, type EventEnvelope } from '@tr4ction/contracts';
import { injectTraceHeaders, recordHeaderBag } from '@tr4ction/telemetry';

export class Outbox {
  readonly table: string;

  constructor(readonly schema: string) {
    this.table = `"${schema}".outbox`;
  }

  async enqueue(manager: EntityManager, events: EventEnvelope[]): Promise<void> {
    if (events.length === 0) return;
    const headers: Record<string, string> = {};
    injectTraceHeaders(recordHeaderBag(headers));
    const values: unknown[] = [];
    const rows = events.map((e, i) => {
      values.push(e.id, subjectFor(e.type), JSON.stringify(e), JSON.stringify(headers));
      const b = i * 4;
      return `($${b + 1}, $${b + 2}, $${b + 3}::jsonb, $${b + 4}::jsonb)`;
    });
    await manager.query(`INSERT INTO ${this.table} (event_id, subject, envelope, headers) VALUES ${rows.join(', ')}`, values);
  }
}
