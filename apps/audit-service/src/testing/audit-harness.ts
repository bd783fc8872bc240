/**
 * audit-service's real classes on a private database (the audit migrations, run as the owner) and,
 * when asked, a real NATS JetStream: what the integration specs of the audit log drive. The harness
 * keeps two pools, as production does: `writer` acts as the restricted role, `owner` is the migration
 * user (a superuser locally), which the tampering specs use as an attacker with database access would.
 */
import { randomBytes } from 'node:crypto';
import type { DataSource, EntityManager } from 'typeorm';
import type { JetStreamClient, NatsConnection } from 'nats';
import { AUDIT_ROW_COLUMNS, chainNext, generateEd25519Secret, type AuditRecord, type ChainHead } from '@tr4ction/audit-chain';
import { createEvent, ownerOf, subjectFor, type EventDataMap, type EventEnvelope, type EventProof, type EventType, type NewEvent } from '@tr4ction/contracts';
import { ensureStreams, EventAuthenticator, EventRecorder, OutboxRelay, publishSignedEvent, UnitOfWork } from '@tr4ction/messaging';
import { createServiceDataSource, runMigrations } from '@tr4ction/persistence';
import { SystemClock } from '@tr4ction/platform';
import { EnvSecretsProvider } from '@tr4ction/secrets';
import { EVENT_SIGNATURE_PURPOSE, eventSigningMessage, payloadDigest } from '@tr4ction/security';
import { createLogger, type Logger } from '@tr4ction/telemetry';
import { createTestDatabase, dropTestDatabase, integrationEnv, testBusKeys, type TestBusKeys } from '@tr4ction/testing';
import { AuditProjectionService } from '../audit/audit-projection.service';
import { AuditQueryService } from '../audit/audit-query.service';
import { APPEND_LOCK_SQL, AuditRepository, auditRowValues, readChainHead } from '../audit/audit.repository';
import { loadCheckpointKeys, type CheckpointKeys } from '../checkpoint/checkpoint-keys';
import { CheckpointRepository } from '../checkpoint/checkpoint.repository';
import { CheckpointService } from '../checkpoint/checkpoint.service';
import { CheckpointStreamReader } from '../checkpoint/checkpoint-stream.reader';
import { createAuditDataSource } from '../database/audit-database';
import { AuditMetrics } from '../metrics/audit-metrics';
import { auditServiceMigrations, AUDIT_SERVICE_SCHEMA } from '../migrations';
import { AuditVerificationService } from '../verification/audit-verification.service';

export interface AuditHarnessOptions {
  checkpointEvery?: number;
  /** Base64 seed of the signing key; random when absent. */
  checkpointKey?: string;
  previousPublicKeys?: string[];
  /** With a connection, checkpoints and reads are relayed to JetStream and verification reads the stream. */
  nats?: NatsConnection;
  /** The bus keys of every identity (fresh ones when absent): the relay signs as audit-service with them. */
  bus?: TestBusKeys;
}

export class AuditHarness {
  private relayLoop?: OutboxRelay;

  private constructor(
    readonly databaseUrl: string,
    readonly owner: DataSource,
    readonly writer: DataSource,
    readonly keys: CheckpointKeys,
    readonly metrics: AuditMetrics,
    readonly repo: AuditRepository,
    readonly checkpointRepo: CheckpointRepository,
    readonly checkpoints: CheckpointService,
    readonly projection: AuditProjectionService,
    readonly verification: AuditVerificationService,
    readonly queries: AuditQueryService,
    readonly logger: Logger,
    readonly bus: TestBusKeys & { authenticator: EventAuthenticator },
  ) {}

  static async start(options: AuditHarnessOptions = {}): Promise<AuditHarness> {
    const databaseUrl = await createTestDatabase(integrationEnv().databaseUrl, 'tr4ction_it_audit');
    const owner = createServiceDataSource({
      url: databaseUrl,
      schema: AUDIT_SERVICE_SCHEMA,
      service: 'audit-harness-owner',
      migrations: auditServiceMigrations,
      poolSize: 3,
    });
    await owner.initialize();
    await runMigrations(owner, AUDIT_SERVICE_SCHEMA);
    const writer = createAuditDataSource({ DATABASE_URL: databaseUrl, DATABASE_POOL_SIZE: 4, DATABASE_PREPARED_STATEMENTS: true, ENVIRONMENT: 'test' });
    await writer.initialize();
    const logger = createLogger('audit-harness', 'silent');
    return AuditHarness.assemble(databaseUrl, owner, writer, logger, options);
  }

  /** The same database and pools with other keys or settings: a restart after a key rotation. */
  async restart(options: AuditHarnessOptions): Promise<AuditHarness> {
    return AuditHarness.assemble(this.databaseUrl, this.owner, this.writer, this.logger, { bus: this.bus, ...options });
  }

  private static async assemble(
    databaseUrl: string,
    owner: DataSource,
    writer: DataSource,
    logger: Logger,
    options: AuditHarnessOptions,
  ): Promise<AuditHarness> {
    const env = { AUDIT_CHECKPOINT_KEY: options.checkpointKey ?? generateEd25519Secret() };
    const checkpointKeys = await loadCheckpointKeys(
      new EnvSecretsProvider(env),
      { environment: 'test', previousPublicKeys: options.previousPublicKeys ?? [] },
      logger,
    );
    const metrics = new AuditMetrics({ defaultMetrics: false });
    const clock = new SystemClock();
    const keys = options.bus ?? testBusKeys();
    const bus = { ...keys, authenticator: new EventAuthenticator(keys.verifier, logger) };
    const relay = options.nats
      ? new OutboxRelay(owner, AUDIT_SERVICE_SCHEMA, options.nats.jetstream(), bus.signer('audit-service'), logger, { idlePollMs: 50 })
      : undefined;
    if (options.nats) await ensureStreams(await options.nats.jetstreamManager());
    const repo = new AuditRepository(writer);
    const checkpointRepo = new CheckpointRepository(writer);
    const schedule = { AUDIT_CHECKPOINT_EVERY: options.checkpointEvery ?? 10, AUDIT_CHECKPOINT_SECONDS: 3600 };
    // The writer login's unit of work, as audit-service builds it (UnitOfWork.on its writer pool).
    const unitOfWork = new UnitOfWork(writer, new EventRecorder(AUDIT_SERVICE_SCHEMA), relay);
    const checkpoints = new CheckpointService(repo, checkpointRepo, metrics, checkpointKeys, schedule, clock, logger, unitOfWork);
    const projection = new AuditProjectionService(repo, checkpoints, metrics, clock, unitOfWork);
    const verification = new AuditVerificationService(
      repo,
      checkpointRepo,
      new CheckpointStreamReader(options.nats, logger, bus, checkpointKeys),
      metrics,
      checkpointKeys,
      logger,
      bus,
    );
    const queries = new AuditQueryService(repo, verification, metrics, new UnitOfWork(writer, new EventRecorder(AUDIT_SERVICE_SCHEMA), relay), 'audit-service');
    const harness = new AuditHarness(
      databaseUrl,
      owner,
      writer,
      checkpointKeys,
      metrics,
      repo,
      checkpointRepo,
      checkpoints,
      projection,
      verification,
      queries,
      logger,
      bus,
    );
    if (relay) {
      relay.start();
      harness.relayLoop = relay;
    }
    return harness;
  }

  /** Projects `count` events (a mix of types, actors and outcomes) and returns their envelopes. */
  async append(count: number, make: (i: number) => EventEnvelope = sampleEvent): Promise<EventEnvelope[]> {
    const events: EventEnvelope[] = [];
    for (let i = 0; i < count; i++) {
      const event = make(i);
      await this.projection.project(event);
      events.push(event);
    }
    return events;
  }

  /**
   * Publishes `e` as its owning service would: `source.service` is the owner, signed with its key,
   * on `subject` (its type's current one unless a spec sends it on a legacy subject).
   */
  async publishAsOwner(js: JetStreamClient, e: EventEnvelope, subject = subjectFor(e.type)): Promise<EventEnvelope> {
    const owner = ownerOf(e.type) ?? 'audit-service';
    const stamped = { ...e, source: { ...e.source, service: owner } };
    await publishSignedEvent(js, this.bus.signer(owner), stamped, subject);
    return stamped;
  }

  /** Appends `count` valid records in bulk as the owner: see `seedAuditLog`. */
  async seedBulk(count: number, make: (i: number) => EventEnvelope = sampleEvent): Promise<void> {
    await seedAuditLog(this.owner, count, make);
  }

  async records(): Promise<AuditRecord[]> {
    const out: AuditRecord[] = [];
    for await (const r of this.repo.readAscending()) out.push(r);
    return out;
  }

  /** As an attacker with superuser access: the triggers off, `sql` run, the triggers back on. */
  async tamper(sql: string | ((owner: EntityManager) => Promise<void>)): Promise<void> {
    await this.owner.transaction(async (m) => {
      await m.query('ALTER TABLE audit.audit_log_v1 DISABLE TRIGGER USER');
      await m.query('ALTER TABLE audit.audit_checkpoints_v1 DISABLE TRIGGER USER');
      if (typeof sql === 'string') await m.query(sql);
      else await sql(m);
      await m.query('ALTER TABLE audit.audit_log_v1 ENABLE TRIGGER USER');
      await m.query('ALTER TABLE audit.audit_checkpoints_v1 ENABLE TRIGGER USER');
    });
  }

  /** Empties the log and its checkpoints (as the owner, triggers off) for the next scenario. */
  async reset(): Promise<void> {
    await this.tamper('TRUNCATE audit.audit_log_v1, audit.audit_checkpoints_v1, audit.outbox, audit.entity_versions_v1, audit.audit_seq_blocks_v1');
  }

  async stop(): Promise<void> {
    await this.relayLoop?.stop();
    await this.writer.destroy();
    await this.owner.destroy();
    await dropTestDatabase(this.databaseUrl);
  }

  /** Stops only this assembly's relay (after `restart`, the pools stay with the first harness). */
  async stopRelay(): Promise<void> {
    await this.relayLoop?.stop();
  }
}

/**
 * Appends `count` valid, chained records straight into the table as the owner, under the append lock
 * (so a running projection waits its turn): test data at a volume the projection would take minutes
 * to write. Analyzes the table afterwards so plans reflect the volume.
 */
export async function seedAuditLog(
  owner: DataSource,
  count: number,
  make: (i: number) => EventEnvelope = sampleEvent,
  batch = 5000,
  prove?: (e: EventEnvelope) => EventProof,
): Promise<void> {
  for (let done = 0; done < count;) {
    const n = Math.min(batch, count - done);
    await owner.transaction(async (m) => {
      await m.query(APPEND_LOCK_SQL);
      let head: ChainHead | null = await readChainHead(m);
      // One array per column, inserted with unnest: one statement and 13 parameters per batch.
      const columns: unknown[][] = Array.from({ length: 14 }, () => []);
      for (let i = 0; i < n; i++) {
        const e = make(done + i);
        const record = chainNext(head, {
          event_id: e.id,
          type: e.type,
          occurred_at: new Date(e.occurred_at).toISOString(),
          recorded_at: new Date().toISOString(),
          actor: e.actor,
          subject: e.subject,
          outcome: e.outcome,
          source: e.source,
          trace_id: e.trace.trace_id,
          data: e.data as Record<string, unknown>,
          ...(prove ? { proof: prove(e) } : {}),
        });
        head = { seq: record.seq, hash: record.hash };
        auditRowValues(record).forEach((v, k) => columns[k].push(v));
      }
      await m.query(
        `INSERT INTO audit.audit_log_v1 (${AUDIT_ROW_COLUMNS})
         SELECT * FROM unnest($1::bigint[], $2::uuid[], $3::text[], $4::timestamptz[], $5::timestamptz[], $6::jsonb[], $7::jsonb[], $8::text[], $9::jsonb[], $10::text[], $11::jsonb[], $12::jsonb[], $13::text[], $14::text[])`,
        columns,
      );
    });
    done += n;
  }
  await owner.query('ANALYZE audit.audit_log_v1');
}

/**
 * A valid producer proof for a seeded record, signed with its type owner's key from `bus` (as if the
 * event had come through the bus): seeded records then verify like projected ones.
 */
export function ownerProof(bus: Pick<TestBusKeys, 'signer'>): (e: EventEnvelope) => EventProof {
  const signers = new Map<string, ReturnType<TestBusKeys['signer']>>();
  return (e) => {
    const producer = ownerOf(e.type) ?? 'audit-service';
    const signer = signers.get(producer) ?? bus.signer(producer);
    signers.set(producer, signer);
    const subject = subjectFor(e.type);
    const payloadSha256 = payloadDigest(Buffer.from(JSON.stringify(e)));
    const { keyId, signature } = signer.sign(EVENT_SIGNATURE_PURPOSE, eventSigningMessage({ producer, subject, eventId: e.id, payloadSha256 }));
    return { producer, subject, key_id: keyId, signature, payload_sha256: payloadSha256 };
  };
}

export function traceId(): string {
  return randomBytes(16).toString('hex');
}

export function event<T extends EventType>(type: T, data: EventDataMap[T], over: Partial<Omit<NewEvent<T>, 'type' | 'data'>> = {}): EventEnvelope<T> {
  return createEvent({
    type,
    data,
    actor: over.actor ?? { type: 'user', id: 'actor-1' },
    subject: over.subject ?? { type: 'user', id: 'subject-1' },
    outcome: over.outcome,
    source: over.source ?? { service: 'audit-harness', ip: '203.0.113.7' },
    trace: over.trace ?? { trace_id: traceId(), span_id: randomBytes(8).toString('hex') },
    occurredAt: over.occurredAt,
  });
}

/** A deterministic mix: 3 types, 4 actors, 5 subjects, both outcomes, one minute apart from 2026-01-01. */
export function sampleEvent(i: number): EventEnvelope {
  const occurredAt = new Date(Date.UTC(2026, 0, 1) + i * 60_000);
  const base = { actor: { type: 'user' as const, id: `actor-${i % 4}` }, subject: { type: 'user', id: `subject-${i % 5}` }, occurredAt };
  switch (i % 3) {
    case 0:
      return event('LoginFailed', { reason: 'wrong_password', failed_attempts: 1 }, { ...base, outcome: 'failure' });
    case 1:
      return event('LoginSucceeded', { password_change_required: false }, base);
    default:
      return event('PasswordChanged', { reason: 'user', password_expires_at: null }, { ...base, outcome: i % 2 ? 'success' : 'failure' });
  }
}
