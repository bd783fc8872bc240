/** The rotation-failures check on a FAKE RPC client (no NATS): how it judges secrets-status rows. */
import type { CredentialStatus } from '@tr4ction/contracts';
import type { RpcClient } from '@tr4ction/messaging';
import type { DoctorContext } from '../doctor-check';
import { rotationFailuresCheck } from './rotation-failures.check';

function fakeContext(items: CredentialStatus[]): { ctx: DoctorContext; sent: string[] } {
  const sent: string[] = [];
  const fakeRpc = {
    send: async (pattern: string) => {
      sent.push(pattern);
      return { items };
    },
  } as unknown as RpcClient;
  return {
    ctx: {
      env: {},
      now: () => new Date(),
      db: () => Promise.reject(new Error('no database')),
      rpc: async () => fakeRpc,
      meta: () => ({ actor: { type: 'cli', id: 'spec' } }),
    },
    sent,
  };
}

const row = (last_result: string, id = 'sa-1'): CredentialStatus => ({
  credential: 'service_account_secret',
  id,
  store: 'file',
  name: 'exporter',
  last_rotated_at: null,
  next_rotation_at: null,
  last_result,
});

describe(rotationFailuresCheck.id, () => {
  it('passes when every engine rotation finished, counting manual ones apart', async () => {
    const { ctx, sent } = fakeContext([row('ok'), { ...row('manual'), credential: 'checkpoint_key', id: null }]);
    await expect(rotationFailuresCheck.run(ctx)).resolves.toEqual({
      status: 'pass',
      detail: 'no failed rotation (1 credential(s) rotated by the engine, 1 by operators)',
    });
    expect(sent).toEqual(['rpc.rotation.secrets-status']);
  });

  it('fails naming the credential, step and code of a stopped rotation', async () => {
    const outcome = await rotationFailuresCheck.run(fakeContext([row('ok', 'sa-2'), row('failed:finish:SECRET_ACCESS_DENIED')]).ctx);
    expect(outcome).toMatchObject({ status: 'fail', detail: 'stopped: service_account_secret sa-1 (finish:SECRET_ACCESS_DENIED)' });
  });

  it('warns about a rotation still under way', async () => {
    await expect(rotationFailuresCheck.run(fakeContext([row('in_progress')]).ctx)).resolves.toMatchObject({ status: 'warn' });
  });
});
