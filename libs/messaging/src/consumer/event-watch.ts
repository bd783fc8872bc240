/**
 * Every replica of a process keeping an in-memory view (the gateway's key set and revocation
 * state, auth-service's signing key) must see every event, so this uses core NATS subscriptions
 * to the JetStream subjects: a durable consumer would hand each event to only one replica.
 * Core NATS drops what arrives while disconnected, so every reconnect asks the owner to reload
 * from the source of truth; so does an unreadable message.
 *
 * Subscribe, then load: an owner loads its snapshot only after `ready`, once the server has
 * registered the subscriptions (a flush round trip on this connection). The load goes out as an RPC
 * on another connection, so without the flush an event published between the snapshot's read and
 * the server's processing of the SUB would be in neither. A reconnect's reload waits the same way
 * for the subscriptions the client re-sends.
 *
 * Every message is authenticated first (signature by a pinned key of a producer that owns the type):
 * a refused one is counted and logged as a bus security alert and dropped, without a reload. It is
 * not copied to the quarantine stream from here: every replica would copy it, and the audit
 * projector's durable consumer, which sees every event subject, quarantines it once.
 */
import type { NatsConnection, Subscription } from 'nats';
import { envelopeProblems, type EventEnvelope } from '@tr4ction/contracts';
import type { EventAuthenticator } from '../signing/event-authenticator';

export interface EventWatchHandlers {
  onEvent(event: EventEnvelope): void;
  /** Something may have been missed: reload the whole view from its source. */
  onResync(reason: 'reconnect' | 'unreadable'): void;
}

export interface EventWatch {
  /** Resolves once the server has the subscriptions (never rejects: a closed connection resolves it too). */
  ready: Promise<void>;
  stop(): void;
}

export interface EventWatchSecurity {
  authenticator: EventAuthenticator;
  /** Names this follower in the alert metric and log (`gateway-token-state`, ...). */
  watcher: string;
}

export function watchEvents(nc: NatsConnection, subjects: readonly string[], handlers: EventWatchHandlers, security: EventWatchSecurity): EventWatch {
  const subscriptions: Subscription[] = subjects.map((subject) =>
    nc.subscribe(subject, {
      callback: (err, msg) => {
        if (err) return handlers.onResync('unreadable');
        const verdict = security.authenticator.authenticate(msg);
        if (!verdict.ok) return security.authenticator.alert(security.watcher, msg.subject, verdict);
        if (verdict.parseError || envelopeProblems(verdict.payload).length > 0) return handlers.onResync('unreadable');
        handlers.onEvent(verdict.payload as EventEnvelope);
      },
    }),
  );
  let stopped = false;
  const registered = (): Promise<void> => nc.flush().catch(() => undefined);
  void (async () => {
    for await (const status of nc.status()) {
      if (stopped) return;
      if (status.type === 'reconnect') void registered().then(() => stopped || handlers.onResync('reconnect'));
    }
  })().catch(() => undefined);
  return {
    ready: registered(),
    stop: () => {
      stopped = true;
      for (const s of subscriptions) s.unsubscribe();
    },
  };
}
