/**
 * A resent request applies once: real Postgres, real NATS, real Nest request/reply servers as the
 * replicas of one service (each with its own pool, like separate processes), the real RPC client.
 * Resends are made as the RPC client makes them: the same message with the same idempotency key.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { Controller, Inject, Module, type DynamicModule, type INestMicroservice } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { ClientProxyFactory, MessagePattern, Payload, Transport, type ClientProxy, type MicroserviceOptions } from '@nestjs/microservices';
import { connect, createInbox, ErrorCode, JSONCodec, type NatsConnection, type NatsError } from 'nats';
import type { DataSource } from 'typeorm';
import { IDEMPOTENCY_KEY_FIRST_SEND_HEADER, IDEMPOTENCY_KEY_HEADER, type RpcErrorPayload } from '@tr4ction/contracts';
import { createServiceDataSource, rpcRequestsTableMigration } from '@tr4ction/persistence';
import { integrationEnv } from '@tr4ction/testing';
import { newHeaders } from '../../nats/nats-headers';
import type { RpcPattern } from '@tr4ction/contracts';
import { RpcClient, type RpcEnvelope } from '../rpc-client';
import { RpcErrorFilter, ServiceError } from '../rpc-errors';
import { newIdempotencyKey } from './idempotency-key';
import { RpcIdempotencyInterceptor } from './rpc-idempotency.interceptor';
import { RpcRequestLedger } from './rpc-request-ledger';

const SCHEMA = 'rpc_idem_spec';
const RUN = randomBytes(4).toString('hex');
const SUBJECT = {
  register: `rpc.idem-spec-${RUN}.register`,
  verify: `rpc.idem-spec-${RUN}.verify`,
  login: `rpc.idem-spec-${RUN}.login`,
  refuse: `rpc.idem-spec-${RUN}.refuse`,
};
const DS = Symbol('ds');
const REPLICA = Symbol('replica');
const CLIENT = Symbol('client');
const meta = { actor: { type: 'system' as const, id: null } };

interface Registered {
  id: string;
  replica: string;
  /** Stands for a secret in an answer (a token): it must never be readable from the ledger. */
  session_token: string;
}

async function effects(ds: DataSource, kind: string, key: string): Promise<number> {
  const rows: Array<{ n: string }> = await ds.query(`SELECT count(*) AS n FROM ${SCHEMA}.effects WHERE kind = $1 AND request = $2`, [kind, key]);
  return Number(rows[0].n);
}

@Controller()
class SpecHandlers {
  constructor(
    @Inject(DS) private readonly ds: DataSource,
    @Inject(REPLICA) private readonly replica: string,
    @Inject(CLIENT) private readonly client: RpcClient,
  ) {}

  private async record(kind: string, request: string, slowMs = 0): Promise<string> {
    const id = randomUUID();
    await this.ds.transaction(async (m) => {
      await m.query(`INSERT INTO ${SCHEMA}.effects (id, kind, request, replica) VALUES ($1, $2, $3, $4)`, [id, kind, request, this.replica]);
      if (slowMs) await m.query('SELECT pg_sleep($1)', [slowMs / 1000]);
    });
    return id;
  }

  @MessagePattern(SUBJECT.register, Transport.NATS)
  async register(@Payload() { data }: RpcEnvelope<{ request: string; slowMs?: number }>): Promise<Registered> {
    const id = await this.record('register', data.request, data.slowMs);
    return { id, replica: this.replica, session_token: randomBytes(24).toString('hex') };
  }

  /** Counts every attempt, like user-service's verify-credentials. */
  @MessagePattern(SUBJECT.verify, Transport.NATS)
  async verify(@Payload() { data }: RpcEnvelope<{ request: string }>): Promise<{ attempt: string }> {
    return { attempt: await this.record('verify', data.request) };
  }

  /** Like auth-service's login: asks another service first, then opens a session of its own. */
  @MessagePattern(SUBJECT.login, Transport.NATS)
  async login(@Payload() { data }: RpcEnvelope<{ request: string }>): Promise<{ attempt: string; session: string }> {
    // A subject of this spec only, so not in the RPC catalogue: typed here by hand.
    const verify = this.client.send(SUBJECT.verify as RpcPattern, meta, { request: data.request } as never) as Promise<unknown> as Promise<{ attempt: string }>;
    const { attempt } = await verify;
    return { attempt, session: await this.record('session', data.request) };
  }

  /** Commits a counted failure, then refuses: the refusal is the answer its duplicates get. */
  @MessagePattern(SUBJECT.refuse, Transport.NATS)
  async refuse(@Payload() { data }: RpcEnvelope<{ request: string }>): Promise<never> {
    await this.record('refuse', data.request);
    throw new ServiceError('INVALID_CREDENTIALS', 'Invalid email or password');
  }
}

interface Replica {
  app: INestMicroservice;
  ds: DataSource;
  client: ClientProxy;
  ledger: RpcRequestLedger;
}

/** One replica: its own pool, ledger, RPC client and request/reply server in `queue`. */
async function startReplica(name: string, queue: string): Promise<Replica> {
  const env = integrationEnv();
  const ds = createServiceDataSource({ url: env.databaseUrl, schema: SCHEMA, service: `idem-spec-${name}`, migrations: [], poolSize: 4 });
  await ds.initialize();
  const ledger = new RpcRequestLedger(ds, SCHEMA, undefined, { answerWaitMs: 3000 }).install();
  const client = ClientProxyFactory.create({ transport: Transport.NATS, options: { ...env.natsOptions, name: `idem-spec-${name}-client` } });
  const rpc = new RpcClient(client, 5000);
  @Module({
    controllers: [SpecHandlers],
    providers: [
      { provide: DS, useValue: ds },
      { provide: REPLICA, useValue: name },
      { provide: CLIENT, useValue: rpc },
    ],
  })
  class ReplicaModule {}
  const module: DynamicModule = { module: ReplicaModule };
  const app = await NestFactory.createMicroservice<MicroserviceOptions>(module, {
    transport: Transport.NATS,
    options: { ...env.natsOptions, name: `idem-spec-${name}`, queue },
    logger: false,
  });
  app.useGlobalFilters(new RpcErrorFilter());
  app.useGlobalInterceptors(new RpcIdempotencyInterceptor(ledger));
  await app.listen();
  // The round trip after the subscription: once it returns, the server routes the subject to this replica.
  await app.unwrap<NatsConnection>().flush();
  return { app, ds, client, ledger };
}

async function stopReplica(r: Replica | undefined): Promise<void> {
  if (!r) return;
  r.ledger.uninstall();
  await r.app.close();
  await r.client.close();
  await r.ds.destroy();
}

const codec = JSONCodec<Record<string, unknown>>();

/**
 * One delivery of a request as the RPC client sends it (Nest's wire format), under `key`; every
 * reply collected. Sent again, with the same key, as the RPC client does, when nothing answered: a
 * replica that has just started may not be subscribed on the server yet (NATS answers "no
 * responders"), and one that has just stopped may still be, so the server can route the request to
 * it and no answer comes (the client's timeout).
 */
async function deliver(
  nc: NatsConnection,
  subject: string,
  key: string,
  data: unknown,
  replies = 1,
  { firstSend = false } = {},
): Promise<Array<{ response?: unknown; err?: RpcErrorPayload }>> {
  const headers = newHeaders();
  headers.set(IDEMPOTENCY_KEY_HEADER, key);
  if (firstSend) headers.set(IDEMPOTENCY_KEY_FIRST_SEND_HEADER, '1');
  const deadline = Date.now() + 20_000;
  for (;;) {
    const inbox = createInbox();
    const sub = nc.subscribe(inbox, { max: replies, timeout: 5_000 });
    nc.publish(subject, codec.encode({ pattern: subject, id: randomUUID(), data: { meta, data } }), { reply: inbox, headers });
    const out: Array<{ response?: unknown; err?: RpcErrorPayload }> = [];
    let unanswered = false;
    try {
      for await (const msg of sub) {
        if (msg.data.length === 0 && msg.headers?.code === 503) {
          unanswered = true;
          sub.unsubscribe();
          break;
        }
        out.push(codec.decode(msg.data) as { response?: unknown; err?: RpcErrorPayload });
      }
    } catch (err) {
      // A timeout with some replies in is a real failure; with none, the request was lost.
      if ((err as NatsError).code !== ErrorCode.Timeout || out.length > 0) throw err;
      unanswered = true;
    }
    if (!unanswered) return out;
    if (Date.now() > deadline) throw new Error(`no replica answered on ${subject}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('RPC idempotency (two replicas, real Postgres and NATS)', () => {
  let admin: DataSource;
  let nc: NatsConnection;
  const running: Replica[] = [];

  beforeAll(async () => {
    admin = createServiceDataSource({ url: integrationEnv().databaseUrl, schema: SCHEMA, service: 'idem-spec', migrations: [] });
    await admin.initialize();
    await admin.query(`DROP SCHEMA IF EXISTS ${SCHEMA} CASCADE`);
    await admin.query(`CREATE SCHEMA ${SCHEMA}`);
    const runner = admin.createQueryRunner();
    await new (rpcRequestsTableMigration(SCHEMA, 1))().up(runner);
    await runner.release();
    await admin.query(`CREATE TABLE ${SCHEMA}.effects (id uuid PRIMARY KEY, kind text NOT NULL, request text NOT NULL, replica text NOT NULL)`);
    nc = await connect({ ...integrationEnv().natsOptions, name: 'idem-spec-sender' });
  });

  afterEach(async () => {
    while (running.length) await stopReplica(running.pop());
  });

  afterAll(async () => {
    await nc?.close();
    await admin?.query(`DROP SCHEMA IF EXISTS ${SCHEMA} CASCADE`);
    await admin?.destroy();
  });

  async function replica(name: string, queue = 'idem-spec'): Promise<Replica> {
    const r = await startReplica(name, queue);
    running.push(r);
    return r;
  }

  it('a resend that reaches another replica after the first applied is answered with the first answer, not applied again', async () => {
    const a = await replica('a');
    const key = newIdempotencyKey();
    const request = randomUUID();
    const [first] = await deliver(nc, SUBJECT.register, key, { request });
    expect(first.response).toMatchObject({ replica: 'a' });

    // Only replica b listens now: the resend cannot reach a.
    await replica('b');
    await stopReplica(running.splice(running.indexOf(a), 1)[0]);
    const [again] = await deliver(nc, SUBJECT.register, key, { request });
    expect(again.response).toEqual(first.response);
    expect(await effects(admin, 'register', request)).toBe(1);

    // A new logical call (a new key) is a new request.
    const [other] = await deliver(nc, SUBJECT.register, newIdempotencyKey(), { request });
    expect(other.response).toMatchObject({ replica: 'b' });
    expect(await effects(admin, 'register', request)).toBe(2);
  });

  it('one request delivered to two replicas at once applies once; the second waits on the key and answers the same', async () => {
    await replica('a', 'idem-spec-a');
    await replica('b', 'idem-spec-b');
    const key = newIdempotencyKey();
    const request = randomUUID();
    // Each replica is its own queue group here, so both get the one message: a concurrent in-flight duplicate.
    const replies = await deliver(nc, SUBJECT.register, key, { request, slowMs: 400 }, 2);
    expect(replies).toHaveLength(2);
    expect(replies[0].err).toBeUndefined();
    expect(replies[1].response).toEqual(replies[0].response);
    expect(await effects(admin, 'register', request)).toBe(1);
  });

  it.each([
    ['', false],
    [' (a first send: its downstream call skips the lookup too)', true],
  ])('a login delivered to two replicas at once makes its downstream call under one derived key: the attempt is counted once%s', async (_, firstSend) => {
    await replica('a', 'idem-spec-a');
    await replica('b', 'idem-spec-b');
    const key = newIdempotencyKey();
    const request = randomUUID();
    // Both replicas run the login; each asks "verify" (itself delivered to both) before any claim of its own.
    const replies = await deliver(nc, SUBJECT.login, key, { request }, 2, { firstSend });
    expect(replies[0].err).toBeUndefined();
    expect(replies[1].response).toEqual(replies[0].response);
    expect(await effects(admin, 'verify', request)).toBe(1);
    expect(await effects(admin, 'session', request)).toBe(1);
  });

  it('a key marked as a first send that was used before is caught by the claim: answered with the first answer, not applied again', async () => {
    await replica('a');
    const key = newIdempotencyKey();
    const request = randomUUID();
    const [first] = await deliver(nc, SUBJECT.register, key, { request }, 1, { firstSend: true });
    // A wrong (or forged) mark skips only the lookup: the handler's transaction finds the key claimed.
    const [again] = await deliver(nc, SUBJECT.register, key, { request }, 1, { firstSend: true });
    expect(first.response).toMatchObject({ replica: 'a' });
    expect(again.response).toEqual(first.response);
    expect(await effects(admin, 'register', request)).toBe(1);
    const [refused] = await deliver(nc, SUBJECT.refuse, key, { request }, 1, { firstSend: true });
    expect(refused.err).toMatchObject({ code: 'CONFLICT' });
    expect(await effects(admin, 'refuse', request)).toBe(0);
  });

  it('a refusal that committed a counted failure is replayed to its resend, which counts nothing', async () => {
    await replica('a');
    const key = newIdempotencyKey();
    const request = randomUUID();
    const [first] = await deliver(nc, SUBJECT.refuse, key, { request });
    const [again] = await deliver(nc, SUBJECT.refuse, key, { request });
    expect(first.err).toMatchObject({ code: 'INVALID_CREDENTIALS' });
    expect(again.err).toEqual(first.err);
    expect(await effects(admin, 'refuse', request)).toBe(1);
  });

  it('keeps no secret and no key in clear, and refuses a key reused for another request', async () => {
    await replica('a');
    const key = newIdempotencyKey();
    const request = randomUUID();
    const [first] = await deliver(nc, SUBJECT.register, key, { request });
    const token = (first.response as Registered).session_token;
    const rows: Array<{ row: string }> = await admin.query(`SELECT row_to_json(r)::text AS row FROM ${SCHEMA}.rpc_requests r`);
    const dump = rows.map((r) => r.row).join('\n');
    expect(rows.length).toBeGreaterThan(0);
    for (const secret of [token, Buffer.from(token).toString('hex'), key, Buffer.from(key).toString('hex')]) expect(dump).not.toContain(secret);

    const [reused] = await deliver(nc, SUBJECT.register, key, { request: randomUUID() });
    expect(reused.err).toMatchObject({ code: 'CONFLICT' });
    expect(await effects(admin, 'register', request)).toBe(1);
  });
});
