import { createEvent, uuidv7, type EventDataMap, type EventEnvelope, type EventType } from '@tr4ction/contracts';
import { accountExists, applyNewServiceAccountEvents, emptyServiceAccount, foldServiceAccount, isActiveAccount } from './service-account.aggregate';

function event<T extends EventType>(type: T, id: string, data: EventDataMap[T], occurredAt: string): EventEnvelope {
  const e = createEvent({
    type,
    actor: { type: 'system', id: null },
    subject: { type: 'service-account', id },
    source: { service: 'fold-spec' },
    trace: { trace_id: '0'.repeat(32), span_id: '0'.repeat(16) },
    data,
  });
  return { ...e, occurred_at: occurredAt };
}

function stored(events: EventEnvelope[]) {
  return events.map((envelope, i) => ({ version: i + 1, envelope }));
}

describe('service-account aggregate fold', () => {
  const id = uuidv7();
  const created = event(
    'ServiceAccountCreated',
    id,
    { name: 'exporter', client_id: 'sa-1', scopes: ['audit:read'], expires_at: '2026-12-01T00:00:00.000Z', secret_ref: { provider: 'file', name: 'exporter' } },
    '2026-03-01T00:00:00.000Z',
  );

  it('starts empty: version 0, no account', () => {
    const s = emptyServiceAccount(id);
    expect(s.version).toBe(0);
    expect(accountExists(s)).toBe(false);
    expect(isActiveAccount(s)).toBe(false);
  });

  it('creation sets the profile, the store reference and the first secret time', () => {
    const s = foldServiceAccount(emptyServiceAccount(id), stored([created]));
    expect(s).toEqual({
      id,
      version: 1,
      client_id: 'sa-1',
      name: 'exporter',
      scopes: ['audit:read'],
      status: 'active',
      created_at: '2026-03-01T00:00:00.000Z',
      expires_at: '2026-12-01T00:00:00.000Z',
      secret_rotated_at: '2026-03-01T00:00:00.000Z',
      previous_valid_until: null,
      revoked_at: null,
      secret_ref: { provider: 'file', name: 'exporter' },
    });
    expect(isActiveAccount(s)).toBe(true);
  });

  it('an account without expiry or store folds them to null', () => {
    const s = foldServiceAccount(
      emptyServiceAccount(id),
      stored([event('ServiceAccountCreated', id, { name: 'ci', client_id: 'sa-2', scopes: [] }, '2026-03-01T00:00:00.000Z')]),
    );
    expect(s).toMatchObject({ expires_at: null, secret_ref: null });
  });

  it('each rotation moves the secret time and the overlap end; the last one stands', () => {
    const s = foldServiceAccount(
      emptyServiceAccount(id),
      stored([
        created,
        event('SecretRotated', id, { what: 'service_account_secret', previous_valid_until: '2026-03-31T00:00:00.000Z' }, '2026-03-30T00:00:00.000Z'),
        event(
          'SecretRotated',
          id,
          { what: 'service_account_secret', version: 'v-2', previous_valid_until: '2026-04-30T00:00:00.000Z' },
          '2026-04-29T00:00:00.000Z',
        ),
      ]),
    );
    expect(s).toMatchObject({ version: 3, secret_rotated_at: '2026-04-29T00:00:00.000Z', previous_valid_until: '2026-04-30T00:00:00.000Z', status: 'active' });
  });

  it('revocation ends the account but keeps its history', () => {
    const s = foldServiceAccount(
      emptyServiceAccount(id),
      stored([created, event('ServiceAccountRevoked', id, { client_id: 'sa-1', reason: 'leaked' }, '2026-03-05T00:00:00.000Z')]),
    );
    expect(s).toMatchObject({ status: 'revoked', revoked_at: '2026-03-05T00:00:00.000Z', client_id: 'sa-1', version: 2 });
    expect(accountExists(s)).toBe(true);
    expect(isActiveAccount(s)).toBe(false);
  });

  it('types that shape nothing only move the version', () => {
    const s = foldServiceAccount(emptyServiceAccount(id), stored([created]));
    const other = event('RotationDue', id, { what: 'service_account_secret', id, due_at: '2026-04-01T00:00:00.000Z' }, '2026-03-25T00:00:00.000Z');
    expect(applyNewServiceAccountEvents(s, [other])).toEqual({ ...s, version: 2 });
  });
});
