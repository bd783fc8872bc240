/**
 * NATS_STREAM_REPLICAS on a real three-node cluster: applied on creation, never lowered by a later
 * boot (one configured with fewer), raised by one configured with more; and a durable consumer of
 * the replicated stream keeps delivering, without losing an acknowledged publish, after the stream
 * leader's node is SIGKILLed.
 */
import { AckPolicy, connect, DeliverPolicy, type JetStreamManager, type NatsConnection } from 'nats';
import { NatsCluster, PrivateNats, waitFor } from '@tr4ction/testing';
import { DEAD_LETTER_STREAM, EVENTS_STREAM, ensureStreams } from './streams';

const encoder = new TextEncoder();

async function replicas(jsm: JetStreamManager, stream: string): Promise<number> {
  return (await jsm.streams.info(stream)).config.num_replicas;
}

describe('ensureStreams replicas', () => {
  describe('on one server', () => {
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

    it('creates R1 streams by default and keeps them on every boot', async () => {
      const jsm = await nc.jetstreamManager();
      await ensureStreams(jsm);
      await ensureStreams(jsm);
      expect(await replicas(jsm, EVENTS_STREAM)).toBe(1);
      expect(await replicas(jsm, DEAD_LETTER_STREAM)).toBe(1);
    });
  });

  describe('on a three-node cluster', () => {
    let cluster: NatsCluster;
    let nc: NatsConnection;
    beforeAll(async () => {
      cluster = await NatsCluster.start(3);
      nc = await connect({ servers: cluster.servers, maxReconnectAttempts: -1, reconnectTimeWait: 100 });
    }, 90_000);
    afterAll(async () => {
      await nc?.close();
      await cluster?.stop();
    });

    it('applies the configured replicas on creation and never lowers them on a later boot', async () => {
      const jsm = await nc.jetstreamManager();
      await ensureStreams(jsm, { replicas: 3 });
      expect(await replicas(jsm, EVENTS_STREAM)).toBe(3);
      // A replica booted with the default (1) must not take the cluster's copies away.
      await ensureStreams(jsm, { replicas: 1 });
      await ensureStreams(jsm);
      expect(await replicas(jsm, EVENTS_STREAM)).toBe(3);
      expect(await replicas(jsm, DEAD_LETTER_STREAM)).toBe(3);
    });

    it('raises an R1 stream when a boot is configured with more', async () => {
      const jsm = await nc.jetstreamManager();
      await jsm.streams.update(DEAD_LETTER_STREAM, { num_replicas: 1 });
      expect(await replicas(jsm, DEAD_LETTER_STREAM)).toBe(1);
      await ensureStreams(jsm, { replicas: 3 });
      expect(await replicas(jsm, DEAD_LETTER_STREAM)).toBe(3);
    });

    it('a durable consumer delivers every acknowledged publish across the loss of the stream leader', async () => {
      const jsm = await nc.jetstreamManager();
      const js = nc.jetstream();
      await jsm.consumers.add(EVENTS_STREAM, { durable_name: 'leader-change-spec', ack_policy: AckPolicy.Explicit, deliver_policy: DeliverPolicy.New });
      const subject = 'tr4ction.spec.leader_change.v1';
      const before = await js.publish(subject, encoder.encode('before'));
      const leader = (await jsm.streams.info(EVENTS_STREAM)).cluster?.leader;
      expect(cluster.names).toContain(leader);
      await cluster.kill(leader!);
      try {
        // A new leader is elected among the two left; the publish is acknowledged once it has a quorum.
        const after = await waitFor(() => js.publish(subject, encoder.encode('after'), { timeout: 2000 }).catch(() => undefined), {
          timeoutMs: 30_000,
          intervalMs: 250,
          what: 'a publish acknowledged by the new stream leader',
        });
        expect(after.seq).toBeGreaterThan(before.seq);
        const newLeader = await waitFor(async () => (await jsm.streams.info(EVENTS_STREAM).catch(() => undefined))?.cluster?.leader, {
          timeoutMs: 30_000,
          what: 'the stream to report its new leader',
        });
        expect(newLeader).not.toBe(leader);

        // The consumer has a leader of its own, which may have been on the killed node: its info
        // request times out until the two nodes left have elected a new one.
        const consumer = await waitFor(() => js.consumers.get(EVENTS_STREAM, 'leader-change-spec').catch(() => undefined), {
          timeoutMs: 30_000,
          intervalMs: 250,
          what: 'the durable consumer to answer from its new leader',
        });
        const received: string[] = [];
        await waitFor(
          async () => {
            const batch = await consumer.fetch({ max_messages: 10, expires: 1000 }).catch(() => undefined);
            if (batch) {
              for await (const m of batch) {
                received.push(new TextDecoder().decode(m.data));
                m.ack();
              }
            }
            return received.length >= 2 || undefined;
          },
          { timeoutMs: 30_000, intervalMs: 100, what: 'both messages at the durable consumer' },
        );
        expect(received).toEqual(['before', 'after']);
      } finally {
        cluster.restart(leader!);
      }
    }, 120_000);
  });
});
