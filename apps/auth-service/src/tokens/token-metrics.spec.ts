import { createEvent } from '@tr4ction/contracts';
import { platformMetrics } from '@tr4ction/telemetry';
import { countTokenEvents, reasonLabel } from './token-metrics';

const base = {
  actor: { type: 'system' as const, id: null },
  source: { service: 'auth-service' },
  trace: { trace_id: '0'.repeat(32), span_id: '0'.repeat(16) },
};

async function value(metric: 'tokensIssued' | 'tokensRevoked', labels: Record<string, string>): Promise<number> {
  const got = await platformMetrics[metric]().get();
  return got.values.find((v) => Object.entries(labels).every(([k, l]) => (v.labels as Record<string, string | number | undefined>)[k] === l))?.value ?? 0;
}

describe(countTokenEvents.name, () => {
  it('counts issued tokens by kind and revocations by scope and bounded reason, returning the events unchanged', async () => {
    const events = [
      createEvent({
        ...base,
        type: 'TokenIssued',
        subject: { type: 'user', id: 'u' },
        data: { jti: 'j', kind: 'access', expires_at: new Date().toISOString() },
      }),
      createEvent({ ...base, type: 'TokenRevoked', subject: { type: 'user', id: 'u' }, data: { scope: 'user', reason: 'revoked by an admin' } }),
      createEvent({ ...base, type: 'TokenRevoked', subject: { type: 'token', id: 'j' }, data: { jti: 'j', scope: 'token', reason: 'logout' } }),
      createEvent({
        ...base,
        type: 'AllTokensRevoked',
        subject: { type: 'tokens', id: 'all' },
        data: { reason: 'incident 42, free text', not_before: new Date().toISOString() },
      }),
    ];
    expect(countTokenEvents(events)).toBe(events);
    expect(await value('tokensIssued', { kind: 'access' })).toBe(1);
    expect(await value('tokensRevoked', { scope: 'user', reason: 'admin' })).toBe(1);
    expect(await value('tokensRevoked', { scope: 'token', reason: 'logout' })).toBe(1);
    expect(await value('tokensRevoked', { scope: 'all', reason: 'emergency' })).toBe(1);
  });

  it('never turns free text into a label value', () => {
    expect(reasonLabel('logout')).toBe('logout');
    expect(reasonLabel('Bearer abc.def')).toBe('other');
    expect(reasonLabel(undefined)).toBe('other');
  });
});
