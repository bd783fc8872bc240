/**
 * A spec's private nats-server with two clients on it: one that watches (subscribes) and one that
 * publishes, as a follower and a producer are two processes in production. A publish on the
 * watcher's own connection would be ordered after its SUB by that connection alone and could not
 * show a subscription the server has not registered yet.
 */
import { connect, type NatsConnection } from 'nats';
import { PrivateNats } from './private-nats';

export interface WatcherAndPublisher {
  readonly nats: PrivateNats;
  readonly watcher: NatsConnection;
  readonly publisher: NatsConnection;
}

/** Registers the suite's beforeAll/afterAll; the fields are there once beforeAll has run. */
export function useWatcherAndPublisher(): WatcherAndPublisher {
  let nats: PrivateNats | undefined;
  let watcher: NatsConnection | undefined;
  let publisher: NatsConnection | undefined;
  const started = <T>(value: T | undefined): T => {
    if (value === undefined) throw new Error('useWatcherAndPublisher: used before its beforeAll ran');
    return value;
  };

  beforeAll(async () => {
    nats = await PrivateNats.start();
    watcher = await connect(nats.connectOptions());
    publisher = await connect(nats.connectOptions());
  });

  afterAll(async () => {
    await watcher?.close();
    await publisher?.close();
    await nats?.stop();
  });

  return {
    get nats() {
      return started(nats);
    },
    get watcher() {
      return started(watcher);
    },
    get publisher() {
      return started(publisher);
    },
  };
}
