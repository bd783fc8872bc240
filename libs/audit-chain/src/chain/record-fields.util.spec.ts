import { createEvent } from '@tr4ction/contracts';
import { recordFieldsFromEvent } from './record-fields.util';

describe(recordFieldsFromEvent.name, () => {
  it('maps an envelope to the fields of its audit record', () => {
    const event = createEvent({
      type: 'AccountLocked',
      actor: { type: 'system', id: null },
      subject: { type: 'user', id: 'u1' },
      outcome: 'success',
      source: { service: 'user-service', ip: '203.0.113.7' },
      trace: { trace_id: '4bf92f3577b34da6a3ce929d0e0e4736', span_id: '00f067aa0ba902b7' },
      data: { failed_attempts: 5, locked_until: '2025-01-01T00:30:00.000Z' },
      occurredAt: new Date('2025-01-01T00:00:00.000Z'),
    });
    expect(recordFieldsFromEvent(event, '2025-01-01T00:00:01.000Z')).toEqual({
      event_id: event.id,
      type: 'AccountLocked',
      occurred_at: '2025-01-01T00:00:00.000Z',
      recorded_at: '2025-01-01T00:00:01.000Z',
      actor: { type: 'system', id: null },
      subject: { type: 'user', id: 'u1' },
      outcome: 'success',
      source: { service: 'user-service', ip: '203.0.113.7' },
      trace_id: '4bf92f3577b34da6a3ce929d0e0e4736',
      data: { failed_attempts: 5, locked_until: '2025-01-01T00:30:00.000Z' },
    });
  });
});
