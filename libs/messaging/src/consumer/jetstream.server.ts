/**
 * A Nest transport for durable JetStream consumers: Nest's own NATS transport is core NATS only,
 * so events published while a service is down would be lost there.
 *
 * Handlers are declared with `@EventPattern(subject, JETSTREAM)`; a pattern ending in `>` matches
 * every subject below it. A message is acknowledged only after its handler resolved, i.e. after the
 * handler's own transaction committed. A failing message is redelivered with a growing delay and,
 * after `maxDeliver` attempts, copied to the dead-letter stream and acknowledged, so one poison
 * message never stalls the consumer and is never silently dropped.
 *
 * A handler declared with `@EventPattern(subject, JETSTREAM, { batch: true })` receives an array of
 * payloads: a backlog is handed over `maxBatch` messages at a time, through Nest's pipeline and one
 * span once per batch rather than once per message, and acknowledged after the handler resolved.
 * A batch that fails for a reason other than a dependency outage is handled again one message at a
 * time, so a poison message is retried and dead-lettered alone and never takes its batch with it.
 *
 * Before any handler sees a message, its producer's signature and ownership of the event type are
 * checked (EventAuthenticator). A message that fails is copied to the quarantine stream with the
 * reason, counted as a bus security alert and acknowledged: never handled, never redelivered.
 */
import { type CustomTransportStrategy, Server } from '@nestjs/microservices';
import type { MessageHandler } from '@nestjs/microservices';
import { isObservable, lastValueFrom } from 'rxjs';
import { AckPolicy, DeliverPolicy, nanos, type ConsumerMessages, type JetStreamManager, type JsMsg, type NatsConnection } from 'nats';
import { eventTypeForSubject, natsConsumersOf, subjectFor, type EventProof, type NatsConsumer } from '@tr4ction/contracts';
import { extractTraceContext, inSpan, platformMetrics, registerConsumerLag, spanContextFrom, SpanKind, type Link, type Logger } from '@tr4ction/telemetry';
import { isDatabaseUnavailable } from '@tr4ction/persistence';
import { DEAD_LETTER_SUBJECT_ROOT, EVENTS_STREAM, ensureStreams, isTransientJetStreamError, retryWhileTransient } from '../nats/streams';
import { natsHeaderBag, newHeaders } from '../nats/nats-headers';
import { JetStreamContext } from './jetstream-context';
import { JetStreamBatchContext } from './jetstream-batch-context';
import { consumeBounded, consumeInBatches } from './bounded-consume';
import type { EventAuthenticator } from '../signing/event-authenticator';
import { quarantine } from '../signing/quarantine';

export const JETSTREAM = Symbol.for('tr4ction.jetstream-transport');

/**
 * Batches smaller than this take the per-message path: each message gets its own span, a child of
 * its producer's, so a flow seen at a normal rate stays one trace. Only a backlog's batches share a
 * span (linked to every producer), where the per-message spans would cost more than the work.
 */
const SHARED_SPAN_FROM = 16;
/**
 * Batches at least this large verify their signatures on libuv's thread pool, beside the event
 * loop. A smaller one verifies inline: an Ed25519 check is about a tenth of a millisecond, less than
 * what a hop to the pool costs (a thread wake-up and a completion callback), with nothing to overlap.
 */
const POOL_VERIFY_FROM = 8;

/** An earlier release's single NATS consumer of a durable now made of several (see retiredConsumer). */
interface RetiredConsumer {
  resumeAt: number;
}

/** Rethrows anything but JetStream's "consumer not found" (10014). */
function notFoundIsDone(err: unknown): void {
  if ((err as { api_error?: { err_code?: number } }).api_error?.err_code !== 10014) throw err;
}

/** A delivery whose proof was checked, with the envelope parsed once. */
interface Authentic {
  msg: JsMsg;
  proof: EventProof;
  payload: unknown;
  parseError?: Error;
}

export interface JetStreamServerOptions {
  connection: () => NatsConnection;
  /** Checks every message's signature and ownership before a handler sees it. */
  authenticator: EventAuthenticator;
  durable: string;
  /** Whether this identity creates and updates the streams (the stream owner) or only waits for them. */
  manageStreams?: boolean;
  filterSubjects: readonly string[];
  maxDeliver?: number;
  ackWaitMs?: number;
  maxAckPending?: number;
  /** Messages handled at once (default 1: one after the other); see consumeBounded. */
  maxInFlight?: number;
  /** Messages handed at once to a handler declared with `{ batch: true }` (default 100). */
  maxBatch?: number;
  logger: Logger;
  onDeadLetter?: (subject: string, reason: string) => void;
  onProcessed?: (subject: string, ms: number) => void;
  /**
   * Errors that say "a dependency is away" rather than "this message is bad" (default: the
   * database is unavailable). They are retried in place, holding the message, so an outage
   * never burns deliveries and never dead-letters good events.
   */
  isTransient?: (err: unknown) => boolean;
  /** NATS_STREAM_REPLICAS, for a stream this consumer creates (see ensureStreams). */
  streamReplicas?: number;
}

export class JetStreamServer extends Server implements CustomTransportStrategy {
  override readonly transportId = JETSTREAM;
  private readonly messages: ConsumerMessages[] = [];
  private readonly loops: Array<Promise<void>> = [];
  private readonly maxDeliver: number;

  constructor(private readonly options: JetStreamServerOptions) {
    super();
    this.maxDeliver = options.maxDeliver ?? 5;
  }

  listen(callback: (err?: unknown) => void): void {
    this.start().then(
      () => callback(),
      (err: unknown) => callback(err),
    );
  }

  private closing = false;
  private unregisterLag?: () => void;

  async close(): Promise<void> {
    this.closing = true;
    this.unregisterLag?.();
    await Promise.all(this.messages.map((messages) => messages.close()));
    await Promise.all(this.loops);
  }

  on(): void {
    /* no transport-level events to expose */
  }

  unwrap<T>(): T {
    return this.options.connection() as T;
  }

  private async start(): Promise<void> {
    const nc = this.options.connection();
    const jsm = await nc.jetstreamManager();
    await ensureStreams(jsm, { replicas: this.options.streamReplicas, manage: this.options.manageStreams ?? true });
    const members = natsConsumersOf(this.options.durable, this.options.filterSubjects);
    const retired = members.some((m) => m.name === this.options.durable) ? undefined : await this.retiredConsumer(jsm);
    for (const member of members) await this.ensureConsumer(jsm, member, retired);
    // Every member exists: the single consumer an earlier release made for this durable is no longer read.
    if (retired) await retryWhileTransient(() => jsm.consumers.delete(EVENTS_STREAM, this.options.durable)).catch(notFoundIsDone);
    // Lag is read from the server when scraped: what it has not yet delivered to this durable's consumers.
    const sum = async (field: 'num_pending' | 'num_ack_pending') => {
      const infos = await Promise.all(members.map((m) => jsm.consumers.info(EVENTS_STREAM, m.name)));
      return infos.reduce((total, info) => total + info[field], 0);
    };
    this.unregisterLag = registerConsumerLag(
      this.options.durable,
      () => sum('num_pending'),
      () => sum('num_ack_pending'),
    );
    // Zero, not absent, until the first one: an SRE's alert on dead letters needs the series.
    platformMetrics.deadLetters().inc({ consumer: this.options.durable }, 0);
    const batchHandler = [...this.messageHandlers.values()].some((h) => this.isBatchHandler(h));
    for (const member of members) {
      const consumer = await nc.jetstream().consumers.get(EVENTS_STREAM, member.name);
      const messages = await consumer.consume({ max_messages: Math.max(256, this.options.maxInFlight ?? 1) });
      this.messages.push(messages);
      this.loops.push(
        batchHandler
          ? consumeInBatches(messages, this.options.maxBatch ?? 100, (batch) => this.handleBatch(batch))
          : consumeBounded(messages, this.options.maxInFlight ?? 1, (msg) => this.handle(msg)),
      );
    }
  }

  /**
   * Where a new member starts when an earlier release's single consumer of this durable exists: after
   * the last event that consumer had acknowledged (its ack floor), so nothing it had not finished is
   * skipped and the stream is not replayed. What it had handled past its floor arrives again and the
   * handlers' inbox claims (same durable name) drop it.
   */
  private async retiredConsumer(jsm: JetStreamManager): Promise<RetiredConsumer | undefined> {
    try {
      const info = await retryWhileTransient(() => jsm.consumers.info(EVENTS_STREAM, this.options.durable));
      return { resumeAt: info.ack_floor.stream_seq + 1 };
    } catch (err) {
      notFoundIsDone(err);
      return undefined;
    }
  }

  /** Creates the NATS consumer, or updates what may change of one that exists (never where it starts). */
  private async ensureConsumer(jsm: JetStreamManager, member: NatsConsumer, retired: RetiredConsumer | undefined): Promise<void> {
    const settings = {
      ack_policy: AckPolicy.Explicit,
      max_deliver: this.maxDeliver,
      ack_wait: nanos(this.options.ackWaitMs ?? 30_000),
      max_ack_pending: this.options.maxAckPending ?? 1000,
      filter_subject: member.filterSubject,
    };
    const start = retired ? { deliver_policy: DeliverPolicy.StartSequence, opt_start_seq: retired.resumeAt } : { deliver_policy: DeliverPolicy.All };
    await retryWhileTransient(async () => {
      try {
        await jsm.consumers.info(EVENTS_STREAM, member.name);
      } catch (err) {
        if (isTransientJetStreamError(err)) throw err;
        try {
          await jsm.consumers.add(EVENTS_STREAM, { durable_name: member.name, ...settings, ...start });
          return;
        } catch (addErr) {
          // Another replica created it first (with its own start): take that one, as below.
          if (isTransientJetStreamError(addErr)) throw addErr;
          await jsm.consumers.info(EVENTS_STREAM, member.name);
        }
      }
      await jsm.consumers.update(EVENTS_STREAM, member.name, settings);
    });
  }

  private findHandler(subject: string): MessageHandler | undefined {
    const exact = this.messageHandlers.get(subject);
    if (exact) return exact;
    // A handler is declared on its type's current subject; an event sent before a rename (a legacy
    // subject, LEGACY_EVENT_SUBJECTS) reaches it too.
    const type = eventTypeForSubject(subject);
    const current = type && subjectFor(type);
    if (current && current !== subject && this.messageHandlers.has(current)) return this.messageHandlers.get(current);
    for (const [pattern, handler] of this.messageHandlers) {
      if (pattern.endsWith('>') && subject.startsWith(pattern.slice(0, -1))) return handler;
    }
    return undefined;
  }

  private isBatchHandler(handler: MessageHandler | undefined): boolean {
    return handler?.extras?.batch === true;
  }

  /**
   * The proof check: an authentic delivery, or undefined once a refused one was quarantined and
   * acknowledged (or left for redelivery when the quarantine stream cannot take it).
   */
  private async authentic(msg: JsMsg, onPool: boolean): Promise<Authentic | undefined> {
    const { authenticator } = this.options;
    const verdict = onPool ? await authenticator.authenticateAsync(msg) : authenticator.authenticate(msg);
    if (verdict.ok) return { msg, proof: verdict.proof, payload: verdict.payload, parseError: verdict.parseError };
    this.options.authenticator.alert(this.options.durable, msg.subject, verdict);
    try {
      await quarantine(this.options.connection().jetstream(), {
        consumer: this.options.durable,
        reason: verdict.reason,
        subject: msg.subject,
        data: msg.data,
        headers: msg.headers,
        copyId: String(msg.info.streamSequence),
      });
      platformMetrics.eventsConsumed().inc({ consumer: this.options.durable, result: 'quarantined' });
      msg.ack();
    } catch (err) {
      // Never applied either way; kept in play so the evidence is not lost while the stream is away.
      this.options.logger.error({ subject: msg.subject, err: (err as Error).message }, 'quarantine publish failed');
      msg.nak(10_000);
    }
    return undefined;
  }

  /** Never throws: every message of the batch ends acknowledged, redelivered, dead-lettered or quarantined. */
  private async handleBatch(msgs: JsMsg[]): Promise<void> {
    const onPool = msgs.length >= POOL_VERIFY_FROM;
    const checked = (await Promise.all(msgs.map((msg) => this.authentic(msg, onPool)))).filter((a): a is Authentic => a !== undefined);
    const batched = new Map<MessageHandler, Authentic[]>();
    const alone: Authentic[] = [];
    for (const item of checked) {
      const handler = this.findHandler(item.msg.subject);
      if (!handler || !this.isBatchHandler(handler) || checked.length < SHARED_SPAN_FROM || item.parseError) alone.push(item);
      else if (batched.has(handler)) batched.get(handler)?.push(item);
      else batched.set(handler, [item]);
    }
    for (const [handler, group] of batched) await this.handleAsOne(group, handler);
    // Concurrently, so a handler that groups its writes (the audit projection) still can.
    await Promise.all(alone.map((item) => this.handleAuthentic(item)));
  }

  private async handleAsOne(items: Authentic[], handler: MessageHandler): Promise<void> {
    const msgs = items.map((item) => item.msg);
    const started = Date.now();
    const isTransient = this.options.isTransient ?? isDatabaseUnavailable;
    for (let backoff = 250; ; backoff = Math.min(backoff * 2, 5000)) {
      try {
        await this.processBatch(items, handler);
      } catch (err) {
        if (isTransient(err) && !this.closing) {
          if (backoff === 250) this.options.logger.warn({ count: msgs.length }, 'dependency unavailable; holding the batch and retrying');
          for (const msg of msgs) msg.working();
          await new Promise((r) => setTimeout(r, backoff));
          continue;
        }
        const reason = err instanceof Error ? err.name : 'handler failed';
        this.options.logger.warn({ count: msgs.length, reason }, 'batch failed; handling its events one by one');
        for (const item of items) await this.handleAuthentic(item);
        return;
      }
      for (const msg of msgs) msg.ack();
      platformMetrics.eventsConsumed().inc({ consumer: this.options.durable, result: 'processed' }, msgs.length);
      const ms = Date.now() - started;
      for (const msg of msgs) this.options.onProcessed?.(msg.subject, ms);
      return;
    }
  }

  private async processBatch(items: Authentic[], handler: MessageHandler): Promise<void> {
    const msgs = items.map((item) => item.msg);
    const links: Link[] = [];
    for (const msg of msgs) {
      const producer = msg.headers ? spanContextFrom(natsHeaderBag(msg.headers)) : undefined;
      if (producer) links.push({ context: producer });
    }
    await inSpan(
      `${this.options.durable} process`,
      {
        kind: SpanKind.CONSUMER,
        links,
        attributes: {
          'messaging.system': 'nats',
          'messaging.operation.type': 'process',
          'messaging.operation.name': 'process',
          'messaging.consumer.group.name': this.options.durable,
          'messaging.batch.message_count': msgs.length,
        },
      },
      async () => {
        const result = await handler(
          items.map((item) => item.payload),
          new JetStreamBatchContext([msgs, items.map((item) => item.proof)]),
        );
        if (isObservable(result)) await lastValueFrom(result, { defaultValue: undefined });
      },
    );
  }

  private async handle(msg: JsMsg): Promise<void> {
    // One message at a time: inline. Several in flight: on the pool, so their checks overlap.
    const item = await this.authentic(msg, (this.options.maxInFlight ?? 1) > 1);
    if (item) await this.handleAuthentic(item);
  }

  private async handleAuthentic(item: Authentic): Promise<void> {
    const { msg } = item;
    const handler = this.findHandler(msg.subject);
    if (!handler) {
      msg.ack(); // the filter let it through but nobody here cares about it
      return;
    }
    const started = Date.now();
    const parent = msg.headers ? extractTraceContext(natsHeaderBag(msg.headers)) : undefined;
    const isTransient = this.options.isTransient ?? isDatabaseUnavailable;
    for (let backoff = 250; ; backoff = Math.min(backoff * 2, 5000)) {
      try {
        await this.process(item, handler, parent);
        msg.ack();
        platformMetrics.eventsConsumed().inc({ consumer: this.options.durable, result: 'processed' });
        this.options.onProcessed?.(msg.subject, Date.now() - started);
        return;
      } catch (err) {
        if (!isTransient(err) || this.closing) {
          await this.handleFailure(msg, err);
          return;
        }
        if (backoff === 250) this.options.logger.warn({ subject: msg.subject }, 'dependency unavailable; holding the event and retrying');
        msg.working(); // keep the delivery ours while we wait
        await new Promise((r) => setTimeout(r, backoff));
      }
    }
  }

  private async process(item: Authentic, handler: MessageHandler, parent: ReturnType<typeof extractTraceContext> | undefined): Promise<void> {
    const { msg } = item;
    {
      await inSpan(
        `${msg.subject} process`,
        {
          kind: SpanKind.CONSUMER,
          parent,
          attributes: {
            'messaging.system': 'nats',
            'messaging.destination.name': msg.subject,
            'messaging.operation.type': 'process',
            'messaging.operation.name': 'process',
            'messaging.consumer.group.name': this.options.durable,
            'messaging.message.delivery_count': msg.info.redeliveryCount,
            ...(msg.headers?.has('Nats-Msg-Id') ? { 'messaging.message.id': msg.headers.get('Nats-Msg-Id') } : {}),
          },
        },
        async () => {
          // Signed by its owner yet unreadable: a poison message, retried and then dead-lettered.
          if (item.parseError) throw item.parseError;
          // A batch handler takes its one message as a batch of one.
          const result = this.isBatchHandler(handler)
            ? await handler([item.payload], new JetStreamBatchContext([[msg], [item.proof]]))
            : await handler(item.payload, new JetStreamContext([msg, item.proof]));
          if (isObservable(result)) await lastValueFrom(result, { defaultValue: undefined });
        },
      );
    }
  }

  private async handleFailure(msg: JsMsg, err: unknown): Promise<void> {
    const attempt = msg.info.redeliveryCount;
    const reason = err instanceof Error ? `${err.name}: ${err.message}` : 'handler failed';
    if (attempt < this.maxDeliver) {
      this.options.logger.warn({ subject: msg.subject, attempt, reason }, 'event handling failed; will retry');
      platformMetrics.eventsConsumed().inc({ consumer: this.options.durable, result: 'retried' });
      msg.nak(Math.min(250 * 2 ** (attempt - 1), 10_000));
      return;
    }
    try {
      const h = newHeaders();
      if (msg.headers) for (const [k, v] of msg.headers) h.set(k, v.join(','));
      h.set('Tr4ction-Dead-Letter-Reason', reason.slice(0, 500));
      h.set('Tr4ction-Original-Subject', msg.subject);
      h.set('Tr4ction-Consumer', this.options.durable);
      const js = this.options.connection().jetstream();
      await js.publish(`${DEAD_LETTER_SUBJECT_ROOT}.${this.options.durable}.${msg.subject}`, msg.data, {
        headers: h,
        msgID: `dlq-${this.options.durable}-${msg.info.streamSequence}`,
      });
      this.options.logger.error({ subject: msg.subject, attempt, reason }, 'event dead-lettered after its last delivery');
      this.options.onDeadLetter?.(msg.subject, reason);
      platformMetrics.deadLetters().inc({ consumer: this.options.durable });
      platformMetrics.eventsConsumed().inc({ consumer: this.options.durable, result: 'dead_lettered' });
      msg.ack();
    } catch (dlqErr) {
      // The dead-letter stream is unreachable: keep the message in play rather than lose it.
      this.options.logger.error({ subject: msg.subject, err: (dlqErr as Error).message }, 'dead-letter publish failed');
      msg.nak(10_000);
    }
  }
}
