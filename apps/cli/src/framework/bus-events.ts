/**
 * "At once" for a revocation means: every gateway replica and auth-service has applied it. They
 * apply it when its event reaches the bus (core NATS subscriptions on the event subjects), so a
 * command that revokes subscribes to the same subjects before it asks, and reports success only
 * once its own event (same trace) went by. The change itself is already committed when the service
 * answers; the outbox then publishes the event, usually within milliseconds.
 */
import { subjectsFor, type EventEnvelope, type EventType } from '@tr4ction/contracts';
import type { CliContext } from './cli-context';

/** Long enough for an outbox relay on a loaded machine; short enough for an operator under stress. */
export const BUS_WAIT_MS = 20_000;

export interface BusWait {
  /** Resolves with the matching events seen so far once every wanted type went by, or undefined at the deadline. */
  seen(timeoutMs?: number): Promise<EventEnvelope[] | undefined>;
}

/**
 * Starts watching before the command acts. `wanted` lists the event types that must all go by
 * under this command's trace (one each).
 */
export async function watchOwnEvents(ctx: Pick<CliContext, 'bus' | 'traceId' | 'eventAuthenticator'>, wanted: readonly EventType[]): Promise<BusWait> {
  const nc = await ctx.bus();
  const authenticator = await ctx.eventAuthenticator();
  // Loaded here, like the rest of the bus client: `--help` and the offline commands never need it.
  const { watchEvents } = await import('@tr4ction/messaging');
  const found = new Map<EventType, EventEnvelope>();
  let notify: (() => void) | undefined;
  const watch = watchEvents(
    nc,
    [...new Set(wanted)].flatMap(subjectsFor),
    {
      onEvent: (event) => {
        // The trace id is known only once the command's span runs: match lazily, at arrival.
        if (!ctx.traceId || event.trace?.trace_id !== ctx.traceId || found.has(event.type)) return;
        found.set(event.type, event);
        notify?.();
      },
      // A missed message cannot be replayed here; the deadline then tells the operator.
      onResync: () => undefined,
    },
    { authenticator, watcher: 'cli' },
  );
  // The server has our subscriptions before the request that causes the events is sent.
  await watch.ready;
  const complete = (): boolean => wanted.every((t) => found.has(t));
  return {
    seen: async (timeoutMs = BUS_WAIT_MS) => {
      try {
        if (!complete()) {
          await new Promise<void>((resolve) => {
            const timer = setTimeout(resolve, timeoutMs);
            notify = () => {
              if (!complete()) return;
              clearTimeout(timer);
              resolve();
            };
          });
        }
        return complete() ? wanted.map((t) => found.get(t) as EventEnvelope) : undefined;
      } finally {
        watch.stop();
      }
    },
  };
}
