import { rpcRequestsTableMigration } from '@tr4ction/persistence';

/** Idempotency of state-changing requests (issue 15): a resent request applies once. */
export const RpcRequests1766000000000 = rpcRequestsTableMigration('rotation', 1766000000000);
