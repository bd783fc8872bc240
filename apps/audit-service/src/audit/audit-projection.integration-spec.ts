/**
 * The audit projector on a real durable JetStream consumer and real Postgres: redelivery after a
 * lost ack records nothing twice, and a poison message is dead-lettered while consumption goes on.
 */
import type { DataSource } from 'typeorm';
import { connect, type NatsConnection } from 'nats';
import { ALL_EVENTS_SUBJECT, createEvent, subjectFor } from '@tr4ction/contracts';
import { DEAD_LETTER_STREAM, EVENTS_STREAM, ensureStreams, JetStreamServer } from '@tr4ction/messaging';
import { createServiceDataSource } from '@tr4ction/persistence';
import { SystemClock } from '@tr4ction/platform';
import { createLogger } from '@tr4ction/telemetry';
import { integrationEnv, PrivateNats, waitFor } from '@tr4ction/testing';
import { AuditProjectionService } from './audit-projection.service';
import { AuditRepository } from './audit.repository';

function loginFailed(n: number) {
  return createEvent({
    type: 'LoginFailed',
    outcome: 'failure',
    actor: { type: 'user', id: null },
    subject: { type: 'user', id: `audit-spec-${n}` },
    source: { service: 'audit-spec' },
    trace: { trace_id: 'ab'.repeat(16), span_id: 'cd'.repeat(8) },
    data: { reason: 'wrong_password' },
  });
}

describe(AuditProjectionService.name, () => {
  let ds: DataSource;
  let nats: PrivateNats;
  let nc: NatsConnection;
  let server: JetStreamServer;
  let projection: AuditProjectionService;
  const deadLetters: string[] = [];

  async function count(eventId: string): Promise<number> {
    const rows: Array<{ n: string }> = await ds.query('SELECT count(*) AS n FROM audit.audit_log_v1 WHERE event_id = $1', [eventId]);
    return Number(rows[0].n);
  }

  beforeAll(async () => {
    ds = createServiceDataSource({ url: integrationEnv().databaseUrl, schema: 'audit', service: 'audit-spec', migrations: [] });
    await ds.initialize();
    nats = await PrivateNats.start();
    nc = await connect({ servers: nats.url });
    await ensureStreams(await nc.jetstreamManager());
    projection = new AuditProjectionService(new AuditRepository(ds), new SystemClock());
    server = new JetStreamServer({
      connection: () => nc,
      durable: 'audit-spec',
      filterSubjects: [ALL_EVENTS_SUBJECT],
      maxDeliver: 3,
      ackWaitMs: 2000,
      logger: createLogger('audit-spec', 'silent'),
      onDeadLetter: (subject) => deadLetters.push(subject),
    });
    server.addHandler(ALL_EVENTS_SUBJECT, async (payload: unknown) => projection.project(payload), true);
    await new Promise<void>((resolve, reject) => server.listen((err?: unknown) => (err ? reject(err) : resolve())));
  });

  afterAll(async () => {
    await server.close();
    await nc.close();
    await nats.stop();
    await ds.destroy();
  });

  it('records an event once even when the ack is lost after the commit', async () => {
    const event = loginFailed(1);
    let crashes = 0;
    projection.afterCommit = async (id) => {
      if (id === event.id && crashes++ === 0) throw new Error('simulated crash between commit and ack');
    };
    await nc.jetstream().publish(subjectFor('LoginFailed'), JSON.stringify(event), { msgID: event.id });
    await waitFor(() => crashes >= 2, { timeoutMs: 15_000, what: 'the redelivery after the lost ack' });
    expect(await count(event.id)).toBe(1);
    projection.afterCommit = undefined;
  });

  it('keeps seq gapless and the chain linked', async () => {
    const rows: Array<{ seq: string; prev_hash: string; hash: string }> = await ds.query('SELECT seq, prev_hash, hash FROM audit.audit_log_v1 ORDER BY seq');
    rows.forEach((r, i) => {
      expect(Number(r.seq)).toBe(i + 1);
      if (i > 0) expect(r.prev_hash).toBe(rows[i - 1].hash);
    });
  });

  it('dead-letters a poison message after its last delivery and goes on consuming', async () => {
    await nc.jetstream().publish(subjectFor('LoginFailed'), '{"not":"an envelope"}');
    const after = loginFailed(2);
    await nc.jetstream().publish(subjectFor('LoginFailed'), JSON.stringify(after), { msgID: after.id });
    await waitFor(async () => (await count(after.id)) === 1, { timeoutMs: 15_000, what: 'the event after the poison one' });
    await waitFor(() => deadLetters.length === 1, { timeoutMs: 20_000, what: 'the poison message in the dead-letter stream' });
    const dlq = await (await nc.jetstreamManager()).streams.info(DEAD_LETTER_STREAM);
    expect(dlq.state.messages).toBe(1);
    const events = await (await nc.jetstreamManager()).streams.info(EVENTS_STREAM);
    expect(events.state.messages).toBe(3);
  });
});
