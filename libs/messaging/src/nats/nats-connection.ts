/**
 * The NATS connection of a service or the gateway, with its identity's options (libs/bus).
 */
import { connect, type NatsConnection } from 'nats';
import type { BusIdentity } from '@tr4ction/contracts';
import { busConnectionOptions, type BusConfig } from '@tr4ction/bus';

export { authenticatorFromFile, busConnectionOptions, busSecurityProblems, busUsesTls, type BusConfig } from '@tr4ction/bus';

/**
 * A NATS connection that never gives up: while the server is away, publishes fail fast
 * (the outbox keeps the events) and the client keeps reconnecting in the background.
 */
export async function connectNats(config: BusConfig, identity: BusIdentity, name: string = identity): Promise<NatsConnection> {
  return connect({
    ...busConnectionOptions(config, identity, name),
    maxReconnectAttempts: -1,
    reconnectTimeWait: 250,
    reconnectJitter: 100,
    waitOnFirstConnect: true,
    pingInterval: 10_000,
  });
}
