/**
 * The platform's own metrics, named in one place and created in the process registry on first
 * use, so a service exposes only the families it actually moves (the gateway adds `service`).
 * Every label takes values from a closed set chosen by the code, never from a request.
 */
import { Counter, Gauge, type Registry } from 'prom-client';
import { processMetricsRegistry } from './process-metrics';

function lazy<T>(make: (registry: Registry) => T): () => T {
  let made: T | undefined;
  return () => (made ??= make(processMetricsRegistry()));
}

type Source = () => Promise<number>;
const backlogSources = new Map<string, Source>();
const lagSources = new Map<string, Source>();
const ackPendingSources = new Map<string, Source>();

/** A gauge read from its sources when scraped; a source that fails leaves its series out. */
function scrapeTimeGauge(registry: Registry, name: string, help: string, label: string, sources: Map<string, Source>): Gauge {
  return new Gauge({
    name,
    help,
    labelNames: [label],
    registers: [registry],
    async collect() {
      this.reset();
      await Promise.all(
        [...sources].map(async ([key, read]) => {
          const value = await read().catch(() => undefined);
          if (value !== undefined) this.set({ [label]: key }, value);
        }),
      );
    },
  });
}

/** The relay of `schema` reports its backlog; returns the unregistration. */
export function registerOutboxBacklog(schema: string, read: Source): () => void {
  platformMetrics.outboxBacklog();
  backlogSources.set(schema, read);
  return () => backlogSources.delete(schema);
}

/** A durable consumer reports its lag (pending) and unacknowledged deliveries. */
export function registerConsumerLag(consumer: string, pending: Source, ackPending: Source): () => void {
  platformMetrics.consumerLag();
  platformMetrics.consumerAckPending();
  lagSources.set(consumer, pending);
  ackPendingSources.set(consumer, ackPending);
  return () => {
    lagSources.delete(consumer);
    ackPendingSources.delete(consumer);
  };
}

export const platformMetrics = {
  /** Password logins: `success` once tokens are issued (auth-service), each failure by reason (user-service). */
  logins: lazy(
    (r) =>
      new Counter({
        name: 'tr4ction_logins_total',
        help: 'Password logins by outcome (success, or the failure reason)',
        labelNames: ['outcome'],
        registers: [r],
      }),
  ),
  lockouts: lazy((r) => new Counter({ name: 'tr4ction_lockouts_total', help: 'Accounts locked after too many failed logins', registers: [r] })),
  tokensIssued: lazy(
    (r) =>
      new Counter({
        name: 'tr4ction_tokens_issued_total',
        help: 'Tokens issued by kind (access, refresh, client_credentials)',
        labelNames: ['kind'],
        registers: [r],
      }),
  ),
  tokensRevoked: lazy(
    (r) =>
      new Counter({
        name: 'tr4ction_tokens_revoked_total',
        help: 'Revocations by scope (token, family, user, all) and reason',
        labelNames: ['scope', 'reason'],
        registers: [r],
      }),
  ),
  rotationsDue: lazy(
    (r) =>
      new Counter({
        name: 'tr4ction_rotations_due_total',
        help: 'Rotation reminders raised (RotationDue) by what is due',
        labelNames: ['what'],
        registers: [r],
      }),
  ),
  rotationFailures: lazy(
    (r) =>
      new Counter({
        name: 'tr4ction_secret_rotation_failures_total',
        help: 'Rotation steps that could not finish (SecretRotationFailed), by what and step',
        labelNames: ['what', 'step'],
        registers: [r],
      }),
  ),
  outboxPublished: lazy(
    (r) => new Counter({ name: 'tr4ction_outbox_published_total', help: 'Outbox events published to JetStream', labelNames: ['schema'], registers: [r] }),
  ),
  outboxBacklog: lazy((r) => scrapeTimeGauge(r, 'tr4ction_outbox_backlog', 'Outbox events not yet published (read at scrape time)', 'schema', backlogSources)),
  consumerLag: lazy((r) =>
    scrapeTimeGauge(r, 'tr4ction_consumer_lag', 'Events in the stream not yet delivered to a durable consumer (read at scrape time)', 'consumer', lagSources),
  ),
  consumerAckPending: lazy((r) =>
    scrapeTimeGauge(
      r,
      'tr4ction_consumer_ack_pending',
      'Events delivered to a durable consumer and not yet acknowledged (read at scrape time)',
      'consumer',
      ackPendingSources,
    ),
  ),
  eventsConsumed: lazy(
    (r) =>
      new Counter({
        name: 'tr4ction_events_consumed_total',
        help: 'Events handled by a durable consumer, by result (processed, retried, dead_lettered, quarantined)',
        labelNames: ['consumer', 'result'],
        registers: [r],
      }),
  ),
  deadLetters: lazy(
    (r) =>
      new Counter({
        name: 'tr4ction_dead_letters_total',
        help: 'Events moved to the dead-letter stream after their last delivery',
        labelNames: ['consumer'],
        registers: [r],
      }),
  ),
  /** `reason` and `type` come from closed sets (a subject outside the catalogue is `unknown`). */
  busSecurityAlerts: lazy(
    (r) =>
      new Counter({
        name: 'tr4ction_bus_security_alerts_total',
        help: 'Bus messages refused for their proof (bad, missing or unknown signature, producer not the owner), never applied',
        labelNames: ['reason', 'consumer', 'type'],
        registers: [r],
      }),
  ),
};
