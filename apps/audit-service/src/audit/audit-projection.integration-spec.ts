/**
 * The audit projector on a real durable JetStream consumer and real Postgres: redelivery after a
 * lost ack records nothing twice, every event type of the catalogue becomes a record (with its
 * producer's proof), so does an event sent on a subject from before the naming rule, a poison message is dead-lettered, counted, and does not stop consumption, and
 * a forged one (no signature, a wrong key, a producer that does not own the type) is quarantined,
 * counted as a security alert, acknowledged and never recorded.
 */
import { randomUUID } from 'node:crypto';
import { generateKeyPairSync } from 'node:crypto';
import { connect, type NatsConnection } from 'nats';
import { REDACTED } from '@tr4ction/audit-chain';
import { ALL_EVENTS_SUBJECT, EVENT_TYPES, LEGACY_EVENT_SUBJECTS, subjectFor, type EventDataMap, type EventEnvelope, type EventType } from '@tr4ction/contracts';
import { DEAD_LETTER_STREAM, EVENTS_STREAM, ensureStreams, JetStreamServer, publishSigned, publishSignedEvent, QUARANTINE_STREAM } from '@tr4ction/messaging';
import type { JetStreamBatchContext } from '@tr4ction/messaging';
import { MessageSigner } from '@tr4ction/security';
import { createLogger, processMetricsRegistry } from '@tr4ction/telemetry';
import { PrivateNats, waitFor } from '@tr4ction/testing';
import { AuditHarness, event, sampleEvent } from '../testing/audit-harness';
import { auditConsumerOptions } from '../consumer/audit-consumer.options';
import { AuditProjectionService } from './audit-projection.service';

/** One valid payload per catalogue entry; a new event type without one here does not compile. */
const SAMPLES: { [T in EventType]: EventDataMap[T] } = {
  UserRegistered: { email: 'new@example.com', name: 'New', roles: ['founder'], password_expires_at: null },
  UserCreated: { email: 'made@example.com', name: null, roles: ['auditor'], must_change_password: true },
  UserDeleted: { reason: 'left the company' },
  RolesChanged: { before: ['founder'], after: ['founder', 'auditor'] },
  LoginSucceeded: { password_change_required: false },
  LoginFailed: { reason: 'wrong_password', failed_attempts: 2 },
  AccountLocked: { failed_attempts: 5, locked_until: '2026-01-01T00:30:00.000Z' },
  AccountUnlocked: { by: 'admin' },
  PasswordChanged: { reason: 'user', password_expires_at: '2026-04-01T00:00:00.000Z' },
  PasswordResetByAdmin: { must_change_password: true },
  TokenIssued: { jti: 'jti-1', kind: 'access', kid: 'kid-1', scope: 'api', expires_at: '2026-01-01T00:15:00.000Z' },
  TokenRevoked: { jti: 'jti-1', scope: 'token', reason: 'logout' },
  RefreshTokenReuseDetected: { family_id: 'family-1' },
  AllTokensRevoked: { reason: 'incident', not_before: '2026-01-01T00:00:00.000Z' },
  SecretRotated: { what: 'signing_key', kid: 'kid-2', previous_valid_until: '2026-01-02T00:00:00.000Z' },
  SecretRotationFailed: { what: 'master_key', step: 'reencrypt', reason: 'rows_under_unknown_key', fingerprint: '0123456789abcdef' },
  SecretRotationStepCompleted: {
    what: 'service_account_secret',
    id: '00000000-0000-7000-8000-0000000000aa',
    version: '00000000-0000-7000-8000-0000000000bb',
    step: 'set',
  },
  SigningKeyRevoked: { kid: 'kid-1', reason: 'compromised' },
  SigningKeyCreated: { kid: 'kid-2', alg: 'RS256', fingerprint: 'ab'.repeat(16) },
  SigningKeyStatusChanged: { kid: 'kid-2', from: 'next', to: 'active' },
  ServiceAccountCreated: { name: 'ci', client_id: 'client-1', scopes: ['api'], expires_at: null },
  ServiceAccountRevoked: { client_id: 'client-1', reason: 'unused' },
  ConfigurationChanged: { changes: [{ key: 'access_token_ttl_seconds', before: 900, after: 600 }] },
  DatabaseBackupCompleted: { size_bytes: 1048576, sha256: 'ab'.repeat(32), file_name: 'tr4ction-2026-01-01.dump' },
  DatabaseRestored: { sha256: 'ab'.repeat(32), file_name: 'tr4ction-2026-01-01.dump', target_database: 'tr4ction_restore' },
  ClientAuthenticationFailed: { client_id: 'sa-0123', reason: 'invalid_credentials', endpoint: 'token' },
  AuditCheckpointSigned: { seq: 1, hash: 'cd'.repeat(32), key_id: '0123456789abcdef', signature: 'x'.repeat(86) },
  AuditLogQueried: { endpoint: '/audit/events', filters: { type: 'LoginFailed' } },
  AdminRead: { route: '/admin/users', count: 20, first_at: '2030-01-01T00:00:00.000Z', last_at: '2030-01-01T00:00:30.000Z' },
  HistoryQueried: { view: 'users', as_of: '2026-03-03T12:00:00.000Z', filters: { role: 'admin' } },
  RotationDue: { what: 'signing_key', id: 'kid-1', due_at: '2026-02-01T00:00:00.000Z' },
  SessionRevoked: { session_id: '0190a5a0-0000-7000-8000-000000000001', reason: 'password_changed' },
  RpcRefused: {
    pattern: 'rpc.user.reset-password',
    reason: 'proof_missing',
    proof: 'none',
    actor_verified: false,
    count: 3,
    first_at: '2030-01-01T00:00:00.000Z',
    last_at: '2030-01-01T00:00:30.000Z',
  },
  MfaEnrolled: { factor_id: '0190a5a0-0000-7000-8000-000000000002', type: 'totp', label: 'phone', recovery_codes_issued: 10 },
  MfaRemoved: { factor_id: '0190a5a0-0000-7000-8000-000000000002', type: 'totp', factors_left: 0 },
  MfaChallengeSucceeded: { method: 'totp', factor_id: '0190a5a0-0000-7000-8000-000000000002' },
  MfaChallengeFailed: { method: 'recovery_code', reason: 'wrong_code', failed_attempts: 1 },
  RecoveryCodeUsed: { recovery_codes_left: 9 },
  RecoveryCodesRegenerated: { count: 10 },
  MfaReset: { factors_removed: 1 },
};

describe(AuditProjectionService.name, () => {
  let h: AuditHarness;
  let nats: PrivateNats;
  let nc: NatsConnection;
  let server: JetStreamServer;
  const deadLetters: string[] = [];
  const batchSizes: number[] = [];

  /** Distinct records among these event ids (a duplicate would not raise it, `count` catches those). */
  async function recorded(eventIds: string[]): Promise<number> {
    const rows: Array<{ n: string }> = await h.owner.query('SELECT count(*) AS n FROM audit.audit_log_v1 WHERE event_id = ANY($1::uuid[])', [eventIds]);
    return Number(rows[0].n);
  }

  async function count(eventId: string): Promise<number> {
    const rows: Array<{ n: string }> = await h.owner.query('SELECT count(*) AS n FROM audit.audit_log_v1 WHERE event_id = $1', [eventId]);
    return Number(rows[0].n);
  }

  async function deadLetterMetric(type: string): Promise<number> {
    const metric = await h.metrics.deadLetters.get();
    return metric.values.find((v) => v.labels.type === type)?.value ?? 0;
  }

  /** The consumer as audit-service runs it, on its own durable. */
  async function startServer(): Promise<JetStreamServer> {
    const options = auditConsumerOptions({ AUDIT_MAX_DELIVERIES: 3, AUDIT_ACK_WAIT_MS: 2000 }, h.metrics, 'audit-spec');
    const started = new JetStreamServer({
      ...options,
      connection: () => nc,
      logger: createLogger('audit-spec', 'silent'),
      authenticator: h.bus.authenticator,
      onDeadLetter: (subject, reason) => {
        deadLetters.push(subject);
        options.onDeadLetter?.(subject, reason);
      },
    });
    // As AuditHandler declares it: a batch handler (a backlog arrives as arrays of payloads).
    const handler = async (payloads: unknown[], context: JetStreamBatchContext) => {
      batchSizes.push(payloads.length);
      return h.projection.projectBatch(payloads, context.getProofs());
    };
    started.addHandler(ALL_EVENTS_SUBJECT, handler, true, { batch: true });
    await new Promise<void>((resolve, reject) => started.listen((err?: unknown) => (err ? reject(err) : resolve())));
    return started;
  }

  beforeAll(async () => {
    h = await AuditHarness.start({ checkpointEvery: 1000 });
    nats = await PrivateNats.start();
    nc = await connect(nats.connectOptions());
    await ensureStreams(await nc.jetstreamManager());
    server = await startServer();
  });

  afterAll(async () => {
    await server?.close();
    await nc?.close();
    await nats?.stop();
    await h?.stop();
  });

  it('records an event once even when the ack is lost after the commit', async () => {
    const e = event('LoginFailed', { reason: 'wrong_password' }, { outcome: 'failure' });
    let crashes = 0;
    h.projection.afterCommit = async (id) => {
      if (id === e.id && crashes++ === 0) throw new Error('simulated crash between commit and ack');
    };
    await h.publishAsOwner(nc.jetstream(), e);
    await waitFor(() => crashes >= 2, { timeoutMs: 15_000, what: 'the redelivery after the lost ack' });
    expect(await count(e.id)).toBe(1);
    h.projection.afterCommit = undefined;
  });

  it('turns every event type of the catalogue into one record', async () => {
    const events: EventEnvelope[] = [];
    for (const type of EVENT_TYPES) events.push(await h.publishAsOwner(nc.jetstream(), event(type, SAMPLES[type])));
    const last = events[events.length - 1];
    await waitFor(async () => (await count(last.id)) === 1, { timeoutMs: 15_000, what: 'the whole catalogue projected' });
    const records = await h.records();
    for (const e of events) {
      const matching = records.filter((r) => r.event_id === e.id);
      expect({ type: e.type, records: matching.length }).toEqual({ type: e.type, records: 1 });
      expect(matching[0]).toMatchObject({ type: e.type, actor: e.actor, subject: e.subject, outcome: e.outcome, source: e.source, trace_id: e.trace.trace_id });
      // A per-service type (RpcRefused) is published by its source service, whichever that is.
      const producer = e.source.service;
      expect(matching[0].proof).toEqual({
        producer,
        subject: subjectFor(e.type),
        key_id: h.bus.signer(producer).keyId,
        signature: expect.any(String),
        payload_sha256: expect.stringMatching(/^[0-9a-f]{64}$/),
      });
    }
    // The catalogue's own data survives redaction: nothing in it is a secret.
    expect(JSON.stringify(records)).not.toContain(REDACTED);
  });

  it('records events sent on a legacy subject (an outbox row or stream message from before the rename) as their type, with a proof that verifies', async () => {
    const js = nc.jetstream();
    const jsm = await nc.jetstreamManager();
    const sent: Array<{ event: EventEnvelope; subject: string }> = [];
    for (const [type, subjects] of Object.entries(LEGACY_EVENT_SUBJECTS) as Array<[EventType, readonly string[]]>) {
      for (const subject of subjects) sent.push({ event: await h.publishAsOwner(js, event(type, SAMPLES[type]), subject), subject });
    }
    expect(sent.length).toBeGreaterThan(0);
    await waitFor(async () => (await recorded(sent.map((s) => s.event.id))) === sent.length, {
      timeoutMs: 15_000,
      what: 'every event sent on a legacy subject projected',
    });
    const records = await h.records();
    for (const { event: e, subject } of sent) {
      // Really on the old subject in the stream, not on the type's current one.
      expect(subject).not.toBe(subjectFor(e.type));
      expect((await jsm.streams.getMessage(EVENTS_STREAM, { last_by_subj: subject })).header.get('Nats-Msg-Id')).toBe(e.id);
      const record = records.find((r) => r.event_id === e.id);
      expect({ type: record?.type, signed_on: record?.proof?.subject, producer: record?.proof?.producer }).toEqual({
        type: e.type,
        signed_on: subject,
        producer: e.source.service,
      });
    }
    // /audit/verify maps each proof's legacy subject back to the record's type.
    expect(await h.verification.verify()).toMatchObject({ ok: true });
  });

  it('keeps seq gapless and the chain linked and verifiable', async () => {
    const records = await h.records();
    records.forEach((r, i) => {
      expect(r.seq).toBe(i + 1);
      if (i > 0) expect(r.prev_hash).toBe(records[i - 1].hash);
    });
    expect(await h.verification.verify()).toMatchObject({ ok: true, checked: records.length });
  });

  it('appends from two replicas at once without a fork: every event once, seq gapless, the chain verifiable', async () => {
    // Two projections on one fresh database, as two audit-service replicas: each groups its own
    // events, and the two contend for the append lock. A head read from before the lock was granted
    // would give two records one seq (a unique violation) or fork the chain.
    const first = await AuditHarness.start({ checkpointEvery: 1_000_000 });
    try {
      const second = await first.restart({ checkpointEvery: 1_000_000 });
      const events = Array.from({ length: 300 }, (_, i) => sampleEvent(i));
      await Promise.all(events.map((e, i) => (i % 2 ? second : first).projection.project(e)));
      const records = await first.records();
      expect(records.map((r) => r.event_id).sort()).toEqual(events.map((e) => e.id).sort());
      records.forEach((r, i) => {
        expect(r.seq).toBe(i + 1);
        if (i > 0) expect(r.prev_hash).toBe(records[i - 1].hash);
      });
      // Delivered again, each to the other replica: recognised as recorded, nothing appended.
      await Promise.all(events.slice(0, 20).map((e, i) => (i % 2 ? first : second).projection.project(e)));
      expect(await first.records()).toHaveLength(300);
      expect(await first.verification.verify()).toMatchObject({ ok: true, checked: 300 });
      // One batch of a recorded event and a new one: the new one alone is recorded.
      const fresh = sampleEvent(300);
      expect(await second.projection.projectBatch([events[0], fresh])).toBe(1);
      expect((await first.records()).map((r) => r.event_id).slice(-1)).toEqual([fresh.id]);
      expect(await first.verification.verify()).toMatchObject({ ok: true, checked: 301 });
    } finally {
      await first.stop();
    }
  });

  it('records an event whose text Postgres cannot store, with the characters replaced', async () => {
    // JSON carries a NUL and a lone surrogate; Postgres jsonb refuses both. Dead-lettering the event
    // would let whoever controls such a string keep it out of the audit log.
    const e = event('UserRegistered', { email: 'odd@example.com', name: 'Mallory\u0000\uD800', roles: ['founder'], password_expires_at: null });
    await h.publishAsOwner(nc.jetstream(), e);
    await waitFor(async () => (await count(e.id)) === 1, { timeoutMs: 15_000, what: 'the record of the odd event' });
    const record = (await h.records()).find((r) => r.event_id === e.id);
    expect(record?.data.name).toBe('Mallory\uFFFD\uFFFD');
    expect((await h.verification.verify()).ok).toBe(true);
  });

  it('dead-letters poison messages after their last delivery, counts them, and goes on consuming', async () => {
    const before = (await (await nc.jetstreamManager()).streams.info(EVENTS_STREAM)).state.messages;
    // Poison from the type's own producer (a bug, not an attack): signed, so it reaches the handler.
    const js = nc.jetstream();
    const userService = h.bus.signer('user-service');
    await publishSigned(js, userService, subjectFor('LoginFailed'), Buffer.from('{"not":"an envelope"}'), randomUUID());
    await publishSigned(js, userService, subjectFor('LoginFailed'), Buffer.from('not even JSON'), randomUUID());
    const after = await h.publishAsOwner(js, event('LoginFailed', { reason: 'wrong_password' }, { outcome: 'failure' }));

    await waitFor(async () => (await count(after.id)) === 1, { timeoutMs: 15_000, what: 'the event after the poison ones' });
    await waitFor(() => deadLetters.length === 2, { timeoutMs: 30_000, what: 'the poison messages in the dead-letter stream' });
    const jsm = await nc.jetstreamManager();
    expect((await jsm.streams.info(DEAD_LETTER_STREAM)).state.messages).toBe(2);
    expect((await jsm.streams.info(EVENTS_STREAM)).state.messages).toBe(before + 3);
    expect(await deadLetterMetric('LoginFailed')).toBe(2);
    const text = (await h.metrics.exposition()).text;
    expect(text).toContain('tr4ction_audit_dead_letters_total{type="LoginFailed"} 2');
    expect(text).toMatch(/tr4ction_audit_records_appended_total\{type="LoginFailed"\} \d+/);
    expect((await h.verification.verify()).ok).toBe(true);
  });

  it('takes a backlog in batches; a poison message among them is dead-lettered alone and the rest recorded once', async () => {
    const deadBefore = deadLetters.length;
    const good = Array.from({ length: 300 }, () => event('LoginFailed', { reason: 'wrong_password' }, { outcome: 'failure' }));
    const lostAck = good[200];
    let crashes = 0;
    h.projection.afterCommit = async (id) => {
      if (id === lostAck.id && crashes++ === 0) throw new Error('simulated crash between commit and ack');
    };
    // Stopped while the backlog is published, so it is there whole when consumption resumes.
    await server.close();
    batchSizes.length = 0;
    const js = nc.jetstream();
    const signer = h.bus.signer('user-service');
    const stamp = (e: (typeof good)[number]) => ({ ...e, source: { ...e.source, service: 'user-service' } });
    await Promise.all(good.slice(0, 150).map((e) => publishSignedEvent(js, signer, stamp(e))));
    await publishSigned(js, signer, subjectFor('LoginFailed'), Buffer.from('{"poison":"in the middle of a batch"}'), randomUUID());
    await Promise.all(good.slice(150).map((e) => publishSignedEvent(js, signer, stamp(e))));
    server = await startServer();

    await waitFor(async () => (await recorded(good.map((e) => e.id))) === good.length, { timeoutMs: 30_000, what: 'the backlog around the poison message' });
    await waitFor(() => deadLetters.length === deadBefore + 1, { timeoutMs: 30_000, what: 'the poison message in the dead-letter stream' });
    await waitFor(() => crashes >= 2, { timeoutMs: 15_000, what: 'the redelivery after the lost ack' });
    expect(Math.max(...batchSizes)).toBeGreaterThanOrEqual(16);
    for (const e of [good[0], good[149], lostAck, good[299]]) expect(await count(e.id)).toBe(1);
    expect(await recorded(good.map((e) => e.id))).toBe(good.length);
    expect((await h.verification.verify()).ok).toBe(true);
    h.projection.afterCommit = undefined;
  });

  it('quarantines forged events (no signature, a wrong key, a producer that does not own the type) and records none of them', async () => {
    const js = nc.jetstream();
    const jsm = await nc.jetstreamManager();
    const quarantinedBefore = (await jsm.streams.info(QUARANTINE_STREAM)).state.messages;
    const alerts = async (reason: string) =>
      (await processMetricsRegistry().getSingleMetric('tr4ction_bus_security_alerts_total')?.get())?.values.find(
        (v) => v.labels.reason === reason && v.labels.consumer === 'audit-spec',
      )?.value ?? 0;
    const before = {
      missing: await alerts('missing_signature'),
      unknownKey: await alerts('unknown_key'),
      notOwner: await alerts('not_owner'),
      mismatch: await alerts('envelope_mismatch'),
      type: await alerts('unknown_type'),
    };

    const unsigned = event('AllTokensRevoked', { reason: 'forged', not_before: '9999-01-01T00:00:00.000Z' }, { source: { service: 'auth-service' } });
    await js.publish(subjectFor('AllTokensRevoked'), JSON.stringify(unsigned), { msgID: unsigned.id });
    // A key that is not pinned, claiming to be auth-service (a stolen-but-wrong key).
    const wrongKey = event('AllTokensRevoked', { reason: 'forged', not_before: '9999-01-01T00:00:00.000Z' }, { source: { service: 'auth-service' } });
    await publishSignedEvent(js, new MessageSigner('auth-service', generateKeyPairSync('ed25519').privateKey), wrongKey);
    // user-service's real key, on a type it does not own.
    const notOwner = event('AllTokensRevoked', { reason: 'forged', not_before: '9999-01-01T00:00:00.000Z' }, { source: { service: 'user-service' } });
    await publishSignedEvent(js, h.bus.signer('user-service'), notOwner);
    // The owner's real signature, but the envelope claims another source.
    const mismatch = event('LoginFailed', { reason: 'wrong_password' }, { source: { service: 'auth-service' } });
    await publishSignedEvent(js, h.bus.signer('user-service'), mismatch);
    // A subject outside the catalogue.
    await publishSigned(js, h.bus.signer('user-service'), 'tr4ction.nowhere.no-such-event.v1', Buffer.from('{}'), randomUUID());
    const after = await h.publishAsOwner(js, event('LoginFailed', { reason: 'wrong_password' }, { outcome: 'failure' }));

    await waitFor(async () => (await count(after.id)) === 1, { timeoutMs: 15_000, what: 'the genuine event after the forged ones' });
    await waitFor(async () => (await jsm.streams.info(QUARANTINE_STREAM)).state.messages === quarantinedBefore + 5, {
      timeoutMs: 15_000,
      what: 'five forged events in quarantine',
    });
    for (const forged of [unsigned, wrongKey, notOwner, mismatch]) expect(await count(forged.id)).toBe(0);
    expect({
      missing: (await alerts('missing_signature')) - before.missing,
      unknownKey: (await alerts('unknown_key')) - before.unknownKey,
      notOwner: (await alerts('not_owner')) - before.notOwner,
      mismatch: (await alerts('envelope_mismatch')) - before.mismatch,
      type: (await alerts('unknown_type')) - before.type,
    }).toEqual({ missing: 1, unknownKey: 1, notOwner: 1, mismatch: 1, type: 1 });
    const copy = await jsm.streams.getMessage(QUARANTINE_STREAM, { last_by_subj: `quarantine.audit-spec.${subjectFor('LoginFailed')}` });
    expect(copy.header.get('Tr4ction-Quarantine-Reason')).toBe('envelope_mismatch');
    expect(copy.header.get('Tr4ction-Original-Msg-Id')).toBe(mismatch.id);
    // Acknowledged, not redelivered: nothing of them is pending on the durable.
    await waitFor(async () => (await jsm.consumers.info(EVENTS_STREAM, 'audit-spec')).num_ack_pending === 0, {
      timeoutMs: 15_000,
      what: 'no forged event left unacknowledged',
    });
    expect((await h.verification.verify()).ok).toBe(true);
  });

  it('denies deleting or purging the event and quarantine streams', async () => {
    const jsm = await nc.jetstreamManager();
    for (const stream of [EVENTS_STREAM, QUARANTINE_STREAM]) {
      await expect(jsm.streams.purge(stream)).rejects.toThrow(/not permitted/);
      await expect(jsm.streams.deleteMessage(stream, 1)).rejects.toThrow(/not permitted/);
    }
  });
});
