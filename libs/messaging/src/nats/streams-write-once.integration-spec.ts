/**
 * The write-once flags reach a stream that an earlier version created without them: ensureStreams
 * updates it in place at boot, keeps every message, and from then on deletes and purges are refused.
 */
import { connect, DiscardPolicy, nanos, RetentionPolicy, StorageType, type NatsConnection } from 'nats';
import { ALL_EVENTS_SUBJECT } from '@tr4ction/contracts';
import { PrivateNats } from '@tr4ction/testing';
import { ensureStreams, EVENTS_STREAM, QUARANTINE_STREAM } from './streams';

describe(ensureStreams.name, () => {
  let nats: PrivateNats;
  let nc: NatsConnection;

  beforeAll(async () => {
    nats = await PrivateNats.start();
    nc = await connect(nats.connectOptions());
  });

  afterAll(async () => {
    await nc?.close();
    await nats?.stop();
  });

  it('makes an existing event stream write-once without losing its messages', async () => {
    const jsm = await nc.jetstreamManager();
    // The configuration of the previous release: no deny flags.
    await jsm.streams.add({
      name: EVENTS_STREAM,
      subjects: [ALL_EVENTS_SUBJECT],
      storage: StorageType.File,
      retention: RetentionPolicy.Limits,
      discard: DiscardPolicy.Old,
      max_age: nanos(30 * 24 * 3600 * 1000),
      duplicate_window: nanos(600_000),
    });
    for (let i = 0; i < 5; i++) await nc.jetstream().publish('tr4ction.user.registered.v1', `m${i}`);
    expect((await jsm.streams.purge(EVENTS_STREAM).catch((err: Error) => err)) instanceof Error).toBe(false);
    for (let i = 0; i < 5; i++) await nc.jetstream().publish('tr4ction.user.registered.v1', `n${i}`);

    await ensureStreams(jsm);
    await ensureStreams(jsm); // a second boot finds it as configured

    const info = await jsm.streams.info(EVENTS_STREAM);
    expect(info.config).toMatchObject({ deny_delete: true, deny_purge: true });
    expect(info.state.messages).toBe(5);
    await expect(jsm.streams.purge(EVENTS_STREAM)).rejects.toThrow(/not permitted/);
    await expect(jsm.streams.deleteMessage(EVENTS_STREAM, info.state.first_seq)).rejects.toThrow(/not permitted/);
    expect((await jsm.streams.info(EVENTS_STREAM)).state.messages).toBe(5);
    expect((await jsm.streams.info(QUARANTINE_STREAM)).config).toMatchObject({ deny_delete: true, deny_purge: true, subjects: ['quarantine.>'] });
  });
});
