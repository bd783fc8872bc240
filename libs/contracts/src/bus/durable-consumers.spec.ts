import { ALL_EVENTS_SUBJECT } from '../events/catalogue';
import { DURABLE_CONSUMER_SUBJECTS, DURABLE_CONSUMERS, natsConsumersOf } from './durable-consumers';

describe('natsConsumersOf', () => {
  it('keeps a durable with one filter as one NATS consumer of its own name', () => {
    expect(natsConsumersOf('audit-projector', [ALL_EVENTS_SUBJECT])).toEqual([{ name: 'audit-projector', filterSubject: ALL_EVENTS_SUBJECT }]);
    expect(natsConsumersOf(DURABLE_CONSUMERS.auditProjector, DURABLE_CONSUMER_SUBJECTS[DURABLE_CONSUMERS.auditProjector])).toHaveLength(1);
  });

  it('makes one per exact subject, with names NATS accepts (no dot, star or >)', () => {
    const members = natsConsumersOf('d', ['tr4ction.user.deleted.v1', 'tr4ction.service-account.revoked.v1']);
    expect(members).toEqual([
      { name: 'd_tr4ction_user_deleted_v1', filterSubject: 'tr4ction.user.deleted.v1' },
      { name: 'd_tr4ction_service-account_revoked_v1', filterSubject: 'tr4ction.service-account.revoked.v1' },
    ]);
    for (const m of members) expect(m.name).not.toMatch(/[.*>\s]/);
  });

  it('refuses wildcards in a list, and an empty list', () => {
    expect(() => natsConsumersOf('d', ['tr4ction.user.>', 'tr4ction.token.x.v1'])).toThrow(/exactly/);
    expect(() => natsConsumersOf('d', ['tr4ction.*.deleted.v1', 'tr4ction.token.x.v1'])).toThrow(/exactly/);
    expect(() => natsConsumersOf('d', [])).toThrow(/no subject/);
  });
});
