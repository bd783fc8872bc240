import type { NatsConnection, Msg, Subscription } from 'nats';
import { createEvent } from '@tr4ction/contracts';
import { generateKeyPairSync } from 'node:crypto';
import { MessageSigner, MessageVerifier } from '@tr4ction/security';
import type { Logger } from '@tr4ction/telemetry';
import { EventAuthenticator } from '../signing/event-authenticator';
import { signedEventMessage } from '../signing/signed-publish';
import { signEventHeaders } from '../signing/event-signature.headers';
import { newHeaders } from '../nats/nats-headers';
import { SnapshotFollower } from './snapshot-follower';

const TRACE = { trace_id: '0'.repeat(32), span_id: '0'.repeat(16) };

interface Snap {
  version: number;
  value: string;
}

/** A stand-in NATS connection (unit test): delivers messages to the follower's subscriptions by hand. */
function setup(loads: Array<Snap | Error>, options: { holdSubscriptions?: boolean } = {}) {
  const callbacks = new Map<string, (err: Error | null, msg: Msg) => void>();
  /** The server's answer to the flush after subscribing; held open, it says the SUBs are not registered yet. */
  let registerSubscriptions!: () => void;
  const registered = new Promise<void>((r) => (registerSubscriptions = r));
  if (!options.holdSubscriptions) registerSubscriptions();
  const nats = {
    flush: () => registered,
    subscribe: (subject: string, opts: { callback: (err: Error | null, msg: Msg) => void }) => {
      callbacks.set(subject, opts.callback);
      return { unsubscribe: () => callbacks.delete(subject) } as unknown as Subscription;
    },
    status: () => (async function* () {})(),
  } as unknown as NatsConnection;
  const logger = { info: jest.fn(), warn: jest.fn() } as unknown as Logger;
  const load = jest.fn(async () => {
    const next = loads.shift();
    if (!next) throw new Error('no more snapshots');
    if (next instanceof Error) throw next;
    return next;
  });
  const changes: Array<[Snap, Snap | undefined]> = [];
  const key = generateKeyPairSync('ed25519').privateKey;
  const signer = new MessageSigner('user-service', key);
  const authenticator = new EventAuthenticator(new MessageVerifier(new Map([['user-service', [key]]])), logger);
  const sut = new SnapshotFollower<Snap>({
    what: 'test state',
    nats,
    subjects: ['tr4ction.configuration.changed.v1'],
    load,
    resyncMs: 60_000,
    logger,
    onChange: (s, p) => changes.push([s, p]),
    security: { authenticator, watcher: 'spec' },
  });
  const subject = 'tr4ction.configuration.changed.v1';
  /** As user-service's relay publishes it: signed; a string is delivered raw and unsigned. */
  const deliver = (data: unknown) => {
    const msg = typeof data === 'string' ? { subject, data: Buffer.from(data) } : signedEventMessage(signer, data as ReturnType<typeof event>, subject);
    callbacks.get(subject)?.(null, msg as unknown as Msg);
  };
  /** Bytes the owner signed (a bug on its side, not a forgery). */
  const deliverSignedBytes = (bytes: string) => {
    const headers = newHeaders();
    const id = event().id;
    headers.set('Nats-Msg-Id', id);
    signEventHeaders(signer, subject, id, Buffer.from(bytes), headers);
    callbacks.get(subject)?.(null, { subject, data: Buffer.from(bytes), headers } as unknown as Msg);
  };
  const deliverMessage = (msg: { subject: string; data: Uint8Array }) => callbacks.get(subject)?.(null, msg as unknown as Msg);
  return { sut, load, changes, deliver, deliverSignedBytes, deliverMessage, logger, registerSubscriptions };
}

const event = () =>
  createEvent({
    type: 'ConfigurationChanged',
    actor: { type: 'user', id: 'a' },
    subject: { type: 'configuration', id: 'settings' },
    source: { service: 'user-service' },
    trace: TRACE,
    data: { changes: [] },
  });
const until = async (cond: () => boolean) => {
  for (let i = 0; i < 200 && !cond(); i++) await new Promise((r) => setImmediate(r));
};

describe(SnapshotFollower.name, () => {
  it('subscribes, loads only once the server has the subscriptions, then retries the first load until it succeeds', async () => {
    const { sut, load, changes, registerSubscriptions } = setup([new Error('owner not up yet'), { version: 3, value: 'a' }], { holdSubscriptions: true });
    jest.useFakeTimers({ doNotFake: ['setImmediate'] });
    try {
      const started = sut.start();
      // The snapshot is read by an RPC on another connection: read before the SUB is registered, an event could fall between.
      for (let i = 0; i < 20; i++) await new Promise((r) => setImmediate(r));
      expect(load).not.toHaveBeenCalled();
      registerSubscriptions();
      await until(() => load.mock.calls.length === 1);
      expect(sut.current()).toBeUndefined();
      await jest.advanceTimersByTimeAsync(250);
      await started;
    } finally {
      jest.useRealTimers();
    }
    expect(sut.current()).toEqual({ version: 3, value: 'a' });
    expect(changes).toEqual([[{ version: 3, value: 'a' }, undefined]]);
    sut.stop();
  });

  it('reloads from the owner on every event, and on an unreadable message', async () => {
    const { sut, load, deliver, deliverSignedBytes } = setup([
      { version: 1, value: 'a' },
      { version: 2, value: 'b' },
      { version: 3, value: 'c' },
    ]);
    await sut.start();
    deliver(event());
    await until(() => sut.current()?.version === 2);
    expect(sut.current()?.value).toBe('b');
    deliverSignedBytes('not json');
    await until(() => sut.current()?.version === 3);
    expect(load).toHaveBeenCalledTimes(3);
    sut.stop();
  });

  it('ignores an unsigned or forged event: no reload, a security alert instead', async () => {
    const { sut, load, deliver, deliverMessage, logger } = setup([
      { version: 1, value: 'a' },
      { version: 2, value: 'b' },
    ]);
    await sut.start();
    deliver(JSON.stringify(event()));
    const forger = new MessageSigner('user-service', generateKeyPairSync('ed25519').privateKey);
    deliverMessage(signedEventMessage(forger, event(), 'tr4ction.configuration.changed.v1'));
    for (let i = 0; i < 5; i++) await new Promise((r) => setImmediate(r));
    expect(load).toHaveBeenCalledTimes(1);
    expect(sut.current()?.version).toBe(1);
    expect(logger.warn).toHaveBeenCalledWith(expect.objectContaining({ security_alert: 'missing_signature', consumer: 'spec' }), expect.any(String));
    expect(logger.warn).toHaveBeenCalledWith(expect.objectContaining({ security_alert: 'unknown_key', consumer: 'spec' }), expect.any(String));
    sut.stop();
  });

  it('never goes back to an older version, whatever order snapshots arrive in', async () => {
    const { sut, changes, deliver } = setup([
      { version: 5, value: 'new' },
      { version: 4, value: 'stale' },
    ]);
    await sut.start();
    sut.offer({ version: 3, value: 'older' });
    deliver(event());
    await until(() => changes.length > 1 || sut.current()?.version !== 5);
    await new Promise((r) => setImmediate(r));
    expect(sut.current()).toEqual({ version: 5, value: 'new' });
    sut.offer({ version: 6, value: 'mine' });
    expect(sut.current()).toEqual({ version: 6, value: 'mine' });
    expect(changes.map(([s]) => s.version)).toEqual([5, 6]);
    sut.stop();
  });
});
