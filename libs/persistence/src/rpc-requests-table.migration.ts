import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The ledger of state-changing requests a service has received (RPC idempotency, see
 * libs/messaging rpc-request-ledger.ts): one row per idempotency key, claimed in the same
 * transaction as the request's effect. It holds no secret in clear: the key's SHA-256, a keyed
 * fingerprint of the request and the first answer sealed under a key derived from the
 * idempotency key, which is stored nowhere.
 */
export function rpcRequestsTableMigration(schema: string, timestamp: number): new () => MigrationInterface {
  const s = `"${schema}"`;
  return class RpcRequestsTable implements MigrationInterface {
    name = `RpcRequestsTable${timestamp}`;

    async up(q: QueryRunner): Promise<void> {
      await q.query(`CREATE TABLE ${s}.rpc_requests (
        key_hash bytea PRIMARY KEY,
        pattern text NOT NULL,
        fingerprint bytea NOT NULL,
        attempt uuid NOT NULL,
        answer bytea,
        created_at timestamptz NOT NULL DEFAULT now(),
        completed_at timestamptz
      )`);
      await q.query(`CREATE INDEX rpc_requests_created_at ON ${s}.rpc_requests (created_at)`);
    }

    async down(q: QueryRunner): Promise<void> {
      await q.query(`DROP TABLE ${s}.rpc_requests`);
    }
  };
}
