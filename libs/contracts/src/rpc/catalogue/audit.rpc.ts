/** audit-service's patterns: reads of the log, recorded reads and refusals, point-in-time views, operator actions. */
import { AuditExportRequestSchema, AuditQuerySchema, type AuditExportPage, type AuditPage, type AuditVerifyAnswer } from '../audit.types';
import {
  AdminReadRequestSchema,
  BackupCompletedRequestSchema,
  RefusedAuditReadRequestSchema,
  RestoreCompletedRequestSchema,
  type OperationRecorded,
} from '../operations.types';
import { RPC } from '../patterns';
import {
  AsOfRequestSchema,
  AsOfUserRequestSchema,
  AsOfUsersRequestSchema,
  UserHistoryRequestSchema,
  type AsOfList,
  type AsOfPage,
  type ServiceAccountAsOf,
  type SettingAsOf,
  type SigningKeyAsOf,
  type UserAsOf,
  type UserHistoryPage,
} from '../point-in-time.types';
import type { MetricsExposition } from './platform.rpc';
import { NoArguments, rpc, type Recorded } from './rpc-entry';

export const AUDIT_RPC = {
  [RPC.audit.query]: rpc(AuditQuerySchema).answers<AuditPage>(),
  [RPC.audit.export]: rpc(AuditExportRequestSchema).answers<AuditExportPage>(),
  [RPC.audit.verify]: rpc(NoArguments).answers<AuditVerifyAnswer>(),
  [RPC.audit.metrics]: rpc(NoArguments).answers<MetricsExposition>(),
  [RPC.audit.refusedRead]: rpc(RefusedAuditReadRequestSchema).answers<Recorded>(),
  [RPC.audit.adminRead]: rpc(AdminReadRequestSchema).answers<Recorded>(),
  [RPC.audit.asOf.users]: rpc(AsOfUsersRequestSchema).answers<AsOfPage<UserAsOf>>(),
  [RPC.audit.asOf.user]: rpc(AsOfUserRequestSchema).answers<UserAsOf & { as_of: string }>(),
  [RPC.audit.asOf.userHistory]: rpc(UserHistoryRequestSchema).answers<UserHistoryPage>(),
  [RPC.audit.asOf.settings]: rpc(AsOfRequestSchema).answers<AsOfList<SettingAsOf>>(),
  [RPC.audit.asOf.keys]: rpc(AsOfRequestSchema).answers<AsOfList<SigningKeyAsOf>>(),
  [RPC.audit.asOf.serviceAccounts]: rpc(AsOfRequestSchema).answers<AsOfList<ServiceAccountAsOf>>(),
  [RPC.ops.backupCompleted]: rpc(BackupCompletedRequestSchema).answers<OperationRecorded>(),
  [RPC.ops.restoreCompleted]: rpc(RestoreCompletedRequestSchema).answers<OperationRecorded>(),
} as const;
