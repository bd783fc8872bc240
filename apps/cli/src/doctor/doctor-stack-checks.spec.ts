/**
 * The checks that read the stack, on FAKES of the RPC client (no NATS here): how they judge what
 * the services answer. The real services are exercised in test/e2e/cli-doctor.e2e-spec.ts.
 */
import type { RpcClient } from '@tr4ction/messaging';
import type { DoctorContext } from './doctor-check';
import { auditChainCheck } from './checks/audit-chain.check';
import { databaseBackupCheck } from './checks/database-backup.check';

const NOW = new Date('2026-02-01T12:00:00Z');

function fakeRpcContext(answer: unknown, env: NodeJS.ProcessEnv = {}): { ctx: DoctorContext; sent: Array<{ pattern: string; data: unknown }> } {
  const sent: Array<{ pattern: string; data: unknown }> = [];
  const fakeRpc = {
    send: async (pattern: string, _meta: unknown, data: unknown) => {
      sent.push({ pattern, data });
      return answer;
    },
  } as unknown as RpcClient;
  const ctx: DoctorContext = { env, now: () => NOW, db: () => Promise.reject(new Error('no database in this spec')), rpc: async () => fakeRpc, meta: () => ({ actor: { type: 'cli', id: 'spec' } }) };
  return { ctx, sent };
}

function backupRecord(hoursAgo: number) {
  return {
    occurred_at: new Date(NOW.getTime() - hoursAgo * 3_600_000).toISOString(),
    actor: { type: 'cli', id: 'cron-backup' },
    data: { file_name: 'tr4ction-tr4ction-20260201T020000Z.dump', size_bytes: 3 * 1024 * 1024, sha256: 'ab'.repeat(32) },
  };
}

describe(databaseBackupCheck.id, () => {
  it('asks audit-service for the newest DatabaseBackupCompleted only', async () => {
    const { ctx, sent } = fakeRpcContext({ items: [backupRecord(2)], next_cursor: null });
    const outcome = await databaseBackupCheck.run(ctx);
    expect(sent).toEqual([{ pattern: 'rpc.audit.query', data: { type: 'DatabaseBackupCompleted', limit: 1 } }]);
    expect(outcome).toEqual({ status: 'pass', detail: 'newest backup 2.0 h ago: tr4ction-tr4ction-20260201T020000Z.dump (3.0 MiB, sha256 abababababab…) by cron-backup' });
  });

  it('fails when none is recorded, or the newest is older than BACKUP_MAX_AGE_HOURS (default 26)', async () => {
    expect((await databaseBackupCheck.run(fakeRpcContext({ items: [], next_cursor: null }).ctx)).status).toBe('fail');
    expect((await databaseBackupCheck.run(fakeRpcContext({ items: [backupRecord(30)], next_cursor: null }).ctx)).detail).toMatch(/^newest backup is 30 h old \(limit 26 h\)/);
    expect((await databaseBackupCheck.run(fakeRpcContext({ items: [backupRecord(30)], next_cursor: null }, { BACKUP_MAX_AGE_HOURS: '48' }).ctx)).status).toBe('pass');
  });
});

describe(auditChainCheck.id, () => {
  it('passes on a verified chain and fails naming the first bad record', async () => {
    expect(await auditChainCheck.run(fakeRpcContext({ ok: true, checked: 42, head: { seq: 42, hash: 'f'.repeat(64) } }).ctx)).toEqual({ status: 'pass', detail: '42 records, head seq 42' });
    const broken = await auditChainCheck.run(fakeRpcContext({ ok: false, checked: 6, head: { seq: 6, hash: 'f'.repeat(64) }, first_bad_seq: 7, reason: 'hash_mismatch' }).ctx);
    expect(broken).toMatchObject({ status: 'fail', detail: 'broken at seq 7 (hash_mismatch); 6 records still verify' });
  });
});
