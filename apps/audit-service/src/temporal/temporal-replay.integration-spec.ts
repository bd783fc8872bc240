/**
 * The temporal projections on real Postgres: written with each append, answered "as of" an instant
 * with evidence that exists in the log, and rebuilt by replay into exactly the same rows.
 */
import { randomUUID } from 'node:crypto';
import type { RequestMeta } from '@tr4ction/contracts';
import { EventRecorder, UnitOfWork } from '@tr4ction/messaging';
import { AuditHarness, event } from '../testing/audit-harness';
import { PointInTimeService } from './point-in-time.service';
import { replayTemporalProjections } from './temporal-replay';
import { allVersions } from './temporal.repository';

const AUDITOR: RequestMeta = { actor: { type: 'user', id: 'auditor-1' }, ip: '198.51.100.4', request_id: 'req-pit' };
const at = (minute: number) => new Date(Date.UTC(2026, 2, 3, 12, minute));
const iso = (minute: number) => at(minute).toISOString();

describe('temporal projections', () => {
  let h: AuditHarness;
  let pit: PointInTimeService;
  const ann = randomUUID();
  const bob = randomUUID();
  const sa = randomUUID();
  const admin = { actor: { type: 'user' as const, id: 'admin-1' } };

  beforeAll(async () => {
    h = await AuditHarness.start();
    pit = new PointInTimeService(h.writer, new UnitOfWork(h.writer, new EventRecorder('audit'), undefined), 'audit-service');
    const user = (id: string) => ({ ...admin, subject: { type: 'user', id } });
    const key = (kid: string) => ({ ...admin, subject: { type: 'signing-key', id: kid } });
    await h.append(1, () =>
      event('UserRegistered', { email: 'ann@example.com', name: 'Ann', roles: ['founder'], password_expires_at: null }, { ...user(ann), occurredAt: at(0) }),
    );
    await h.append(1, () =>
      event('UserCreated', { email: 'bob@example.com', name: null, roles: ['admin'], must_change_password: true }, { ...user(bob), occurredAt: at(1) }),
    );
    await h.append(1, () => event('SigningKeyCreated', { kid: 'k1', alg: 'RS256', fingerprint: 'f1' }, { ...key('k1'), occurredAt: at(1) }));
    await h.append(1, () => event('SigningKeyStatusChanged', { kid: 'k1', from: 'next', to: 'active' }, { ...key('k1'), occurredAt: at(2) }));
    await h.append(1, () =>
      event(
        'ConfigurationChanged',
        { changes: [{ key: 'password_min_length', before: 12, after: 15 }] },
        { ...admin, subject: { type: 'settings', id: 'runtime' }, occurredAt: at(3) },
      ),
    );
    await h.append(1, () =>
      event(
        'ServiceAccountCreated',
        { name: 'ci', client_id: 'c1', scopes: ['users:read'], expires_at: null },
        { ...admin, subject: { type: 'service-account', id: sa }, occurredAt: at(4) },
      ),
    );
    await h.append(1, () => event('RolesChanged', { before: ['founder'], after: ['admin'] }, { ...user(ann), occurredAt: at(10) }));
    await h.append(1, () => event('AccountLocked', { failed_attempts: 5, locked_until: iso(16) }, { ...user(bob), outcome: 'failure', occurredAt: at(11) }));
    await h.append(1, () => event('SigningKeyCreated', { kid: 'k2', alg: 'RS256', fingerprint: 'f2' }, { ...key('k2'), occurredAt: at(12) }));
    await h.append(1, () => event('SigningKeyStatusChanged', { kid: 'k2', from: 'next', to: 'active' }, { ...key('k2'), occurredAt: at(13) }));
    await h.append(1, () => event('SigningKeyStatusChanged', { kid: 'k1', from: 'active', to: 'retiring' }, { ...key('k1'), occurredAt: at(13) }));
    await h.append(1, () =>
      event('ServiceAccountRevoked', { client_id: 'c1' }, { ...admin, subject: { type: 'service-account', id: sa }, occurredAt: at(14) }),
    );
    await h.append(1, () => event('LoginSucceeded', { password_change_required: false }, { ...user(ann), occurredAt: at(15) }));
    await h.append(1, () => event('UserDeleted', { reason: 'left' }, { ...user(ann), occurredAt: at(20) }));
    await h.append(1, () =>
      event(
        'ConfigurationChanged',
        { changes: [{ key: 'password_min_length', before: 15, after: 16 }] },
        { ...admin, subject: { type: 'settings', id: 'runtime' }, occurredAt: at(21) },
      ),
    );
  }, 60_000);

  afterAll(() => h?.stop());

  async function recordOf(seq: number): Promise<{ event_id: string } | undefined> {
    const rows: Array<{ event_id: string }> = await h.owner.query(`SELECT event_id FROM audit.audit_log_v1 WHERE seq = $1`, [seq]);
    return rows[0];
  }

  it('answers users as of an instant: roles then, absent after deletion, evidence in the log', async () => {
    const before = await pit.users({ as_of: iso(5) }, AUDITOR);
    const annThen = before.items.find((u) => u.id === ann);
    expect(annThen).toMatchObject({ email: 'ann@example.com', roles: ['founder'], status: 'active' });
    expect(await recordOf(annThen!.evidence.audit_seq)).toEqual({ event_id: annThen!.evidence.event_id });
    const admins = await pit.users({ as_of: iso(12), role: 'admin' }, AUDITOR);
    expect(admins.items.map((u) => u.id).sort()).toEqual([ann, bob].sort());
    expect(admins.items.find((u) => u.id === bob)?.status).toBe('locked');
    expect((await pit.users({ as_of: iso(17), status: 'locked' }, AUDITOR)).items).toEqual([]);
    const after = await pit.users({ as_of: iso(25) }, AUDITOR);
    expect(after.items.map((u) => u.id)).toEqual([bob]);
    await expect(pit.user({ user_id: ann, as_of: iso(25) }, AUDITOR)).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('answers keys, settings and service accounts as of an instant', async () => {
    const keys = await pit.keys({ as_of: iso(12) }, AUDITOR);
    expect(keys.items.map((k) => [k.kid, k.status])).toEqual([
      ['k1', 'active'],
      ['k2', 'next'],
    ]);
    const later = await pit.keys({ as_of: iso(14) }, AUDITOR);
    expect(later.items.map((k) => [k.kid, k.status])).toEqual([
      ['k1', 'retiring'],
      ['k2', 'active'],
    ]);
    expect((await pit.settings({ as_of: iso(2) }, AUDITOR)).items).toEqual([{ key: 'password_min_length', value: 12, evidence: null }]);
    expect((await pit.settings({ as_of: iso(5) }, AUDITOR)).items[0]).toMatchObject({ value: 15, evidence: { audit_seq: 5 } });
    expect((await pit.serviceAccounts({ as_of: iso(13) }, AUDITOR)).items[0]).toMatchObject({ id: sa, status: 'active' });
    expect((await pit.serviceAccounts({ as_of: iso(14) }, AUDITOR)).items[0]).toMatchObject({ id: sa, status: 'revoked' });
  });

  it('tells a user history oldest first, with what changed', async () => {
    const history = await pit.userHistory({ user_id: ann }, AUDITOR);
    expect(history.items.map((e) => e.type)).toEqual(['UserRegistered', 'RolesChanged', 'LoginSucceeded', 'UserDeleted']);
    expect(history.items[1].changes).toEqual({ roles: { before: ['founder'], after: ['admin'] } });
  });

  it('records every read as HistoryQueried before answering', async () => {
    const rows: Array<{ n: string }> = await h.owner.query(`SELECT count(*) AS n FROM audit.outbox WHERE envelope->>'type' = 'HistoryQueried'`);
    expect(Number(rows[0].n)).toBeGreaterThan(0);
  });

  it('refuses a malformed instant', async () => {
    await expect(pit.users({ as_of: 'yesterday' }, AUDITOR)).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
  });

  it('replay rebuilds exactly the rows the live append wrote', async () => {
    const live = await allVersions(h.owner);
    expect(live.length).toBeGreaterThan(10);
    const folded = await replayTemporalProjections(h.owner);
    expect(folded).toBe(15);
    expect(await allVersions(h.owner)).toEqual(live);
  });
});
