/**
 * The public readiness answer is shared: a burst of /health/ready costs one round of service pings.
 * The RPC client, NATS connection, token state and settings follower are fakes (unit test).
 */
import type { FastifyReply } from 'fastify';
import type { NatsConnection } from 'nats';
import type { RpcClient, RuntimeSettingsFollower } from '@tr4ction/messaging';
import type { GatewayTokenState } from '../tokens/token-state';
import { HealthController } from './health.controller';

function setup(ping: () => Promise<unknown>) {
  const send = jest.fn(ping);
  const rpc = { send } as unknown as RpcClient;
  const nats = { isClosed: () => false, info: {}, flush: () => Promise.resolve() } as unknown as NatsConnection;
  const tokens = { ready: () => true } as unknown as GatewayTokenState;
  const settings = { loaded: () => true } as unknown as RuntimeSettingsFollower;
  return { sut: new HealthController(rpc, nats, tokens, settings), mocks: { send } };
}

function fakeReply() {
  const sent: Array<{ status: number; body: unknown }> = [];
  let status = 0;
  const reply = {
    status: (s: number) => ((status = s), reply),
    header: () => reply,
    send: (body: unknown) => (sent.push({ status, body }), reply),
  };
  return { reply: reply as unknown as FastifyReply, sent };
}

describe(HealthController.name, () => {
  it('answers a burst of readiness requests from one round of pings', async () => {
    const { sut, mocks } = setup(() => Promise.resolve({ ok: true, database: true }));
    const replies = Array.from({ length: 25 }, () => fakeReply());
    await Promise.all(replies.map((r) => sut.ready(r.reply)));
    expect(mocks.send).toHaveBeenCalledTimes(4);
    expect(replies.every((r) => r.sent[0].status === 200)).toBe(true);
  });

  it('reports a service that does not answer as not ready (503)', async () => {
    const { sut } = setup(() => Promise.reject(new Error('no responders')));
    const r = fakeReply();
    await sut.ready(r.reply);
    expect(r.sent[0]).toEqual({ status: 503, body: expect.objectContaining({ status: 'not_ready' }) });
  });
});
