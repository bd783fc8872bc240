import { EventSourcingTables1764300000000 } from './1764300000000-event-sourcing-tables';
import { AuditLog1764300000001 } from './1764300000001-audit-log';
import { AuditCheckpoints1764300000002 } from './1764300000002-audit-checkpoints';
import { AuditWriterRole1764300000003 } from './1764300000003-audit-writer-role';
import { AuditQueryIndexes1764300000004 } from './1764300000004-audit-query-indexes';
import { AuditRecordProof1764300000005 } from './1764300000005-audit-record-proof';
import { TemporalVersions1764300000006 } from './1764300000006-temporal-versions';
import { AuditSinkPositions1764300000007 } from './1764300000007-audit-sink-positions';
import { RpcRequests1766000000000 } from './1766000000000-rpc-requests';
import { AuditLogSerialScans1766100000000 } from './1766100000000-audit-log-serial-scans';
import { AuditSeqBlocks1766200000000 } from './1766200000000-audit-seq-blocks';

export { AUDIT_WRITER_ROLE } from './1764300000003-audit-writer-role';
export { SEQ_BLOCK_SIZE } from './1766200000000-audit-seq-blocks';
export const AUDIT_SERVICE_SCHEMA = 'audit';
export const auditServiceMigrations = [
  EventSourcingTables1764300000000,
  AuditLog1764300000001,
  AuditCheckpoints1764300000002,
  AuditWriterRole1764300000003,
  AuditQueryIndexes1764300000004,
  AuditRecordProof1764300000005,
  TemporalVersions1764300000006,
  AuditSinkPositions1764300000007,
  RpcRequests1766000000000,
  AuditLogSerialScans1766100000000,
  AuditSeqBlocks1766200000000,
];
