import { createEvent, subjectFor, type EventEnvelope } from '@tr4ction/contracts';
import { createLogger } from '@tr4ction/telemetry';
import { testBusKeys, useWatcherAndPublisher, waitFor } from '@tr4ction/testing';
import { EventAuthenticator } from '../signing/event-authenticator';
import { signedEventMessage } from '../signing/signed-publish';
import { watchEvents } from './event-watch';

const logger = createLogger('event-watch-spec', 'silent');
const ROUNDS = 20;

function keyCreated(kid: string): EventEnvelope {
  return createEvent({
    type: 'SigningKeyCreated',
    actor: { type: 'system', id: 'rotation-scheduler' },
    subject: { type: 'signing-key', id: kid },
    source: { service: 'rotation-service' },
    trace: { trace_id: '0'.repeat(32), span_id: '0'.repeat(16) },
    data: { kid, alg: 'ES256', fingerprint: kid },
  });
}

/**
 * The followers' rule is "subscribe, then load": the load is an RPC on another connection, so it
 * holds only if the server has the subscriptions when `ready` resolves. Here another connection
 * publishes the moment `ready` resolves, each round on a fresh watch: every event must arrive.
 */
describe(watchEvents.name, () => {
  const keys = testBusKeys();
  const signer = keys.signer('rotation-service');
  const authenticator = new EventAuthenticator(keys.verifier, logger);
  const bus = useWatcherAndPublisher();

  it('is ready only once the server has the subscriptions: an event another connection publishes right after is never missed', async () => {
    for (let round = 0; round < ROUNDS; round++) {
      const seen: string[] = [];
      const watch = watchEvents(
        bus.watcher,
        [subjectFor('SigningKeyCreated')],
        { onEvent: (event) => seen.push(event.id), onResync: () => undefined },
        { authenticator, watcher: 'spec' },
      );
      try {
        await watch.ready;
        const event = keyCreated(`kid-${round}`);
        const msg = signedEventMessage(signer, event);
        bus.publisher.publish(msg.subject, msg.data, { headers: msg.headers });
        await waitFor(() => seen.includes(event.id), { timeoutMs: 5_000, what: `round ${round}'s event at the watcher` });
      } finally {
        watch.stop();
      }
    }
  });
});
