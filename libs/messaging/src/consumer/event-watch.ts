/**
 * Every replica of a process keeping an in-memory view (the gateway's key set and revocation
 * state, auth-service's signing key) must see every event, so this uses core NATS subscriptions
 * to the JetStream subjects: a durable consumer would hand each event to only one replica.
 * Core NATS drops what arrives while disconnected, so every reconnect asks the owner to reload
 * from the source of truth; so does an unreadable message.
 */
import type { NatsConnection, Subscription } from 'nats';
import { envelopeProblems, type EventEnvelope } from '@tr4ction/contracts';

export interface EventWatchHandlers {
  onEvent(event: EventEnvelope): void;
  /** Something may have been missed: reload the whole view from its source. */
  onResync(reason: 'reconnect' | 'unreadable'): void;
}

export interface EventWatch {
  stop(): void;
}

export function watchEvents(nc: NatsConnection, subjects: readonly string[], handlers: EventWatchHandlers): EventWatch {
  const subscriptions: Subscription[] = subjects.map((subject) =>
    nc.subscribe(subject, {
      callback: (err, msg) => {
        if (err) return handlers.onResync('unreadable');
        let event: unknown;
        try {
          event = JSON.parse(Buffer.from(msg.data).toString('utf8'));
        } catch {
          return handlers.onResync('unreadable');
        }
        if (envelopeProblems(event).length > 0) return handlers.onResync('unreadable');
        handlers.onEvent(event as EventEnvelope);
      },
    }),
  );
  let stopped = false;
  void (async () => {
    for await (const status of nc.status()) {
      if (stopped) return;
      if (status.type === 'reconnect') handlers.onResync('reconnect');
    }
  })().catch(() => undefined);
  return {
    stop: () => {
      stopped = true;
      for (const s of subscriptions) s.unsubscribe();
    },
  };
}
