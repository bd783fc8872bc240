import { connect, type NatsConnection } from 'nats';

/**
 * A NATS connection that never gives up: while the server is away, publishes fail fast
 * (the outbox keeps the events) and the client keeps reconnecting in the background.
 */
export async function connectNats(servers: string[], name: string): Promise<NatsConnection> {
  return connect({
    servers,
    name,
    maxReconnectAttempts: -1,
    reconnectTimeWait: 250,
    reconnectJitter: 100,
    waitOnFirstConnect: true,
    pingInterval: 10_000,
  });
}
