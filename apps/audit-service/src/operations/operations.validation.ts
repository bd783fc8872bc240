/**
 * Checks of what the CLI reports. The values end up in the audit log for good, so they are held to
 * their shapes: a digest, a byte count, a bare file name and a database name, never a path or a URL
 * (which could carry a password).
 */
import type { BackupCompletedRequest, RequestMeta, RestoreCompletedRequest } from '@tr4ction/contracts';

const SHA256 = /^[0-9a-f]{64}$/;
const FILE_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,254}$/;
const DATABASE = /^[A-Za-z0-9_][A-Za-z0-9_$-]{0,62}$/;
const OPERATOR = /^[\w.@+-]{1,128}$/;

export function actorProblems(meta: RequestMeta | undefined): string[] {
  if (meta?.actor?.type !== 'cli') return ['actor must be the cli'];
  return typeof meta.actor.id === 'string' && OPERATOR.test(meta.actor.id) ? [] : ['actor id must name the operator'];
}

function common(data: { sha256?: unknown; file_name?: unknown }): string[] {
  const problems: string[] = [];
  if (typeof data.sha256 !== 'string' || !SHA256.test(data.sha256)) problems.push('sha256 must be 64 lowercase hex characters');
  if (typeof data.file_name !== 'string' || !FILE_NAME.test(data.file_name) || data.file_name.includes('..'))
    problems.push('file_name must be a bare file name');
  return problems;
}

export function backupProblems(data: Partial<BackupCompletedRequest> | undefined): string[] {
  if (!data || typeof data !== 'object') return ['a request body is required'];
  const problems = common(data);
  if (typeof data.database !== 'string' || !DATABASE.test(data.database)) problems.push('database must be a database name');
  if (typeof data.size_bytes !== 'number' || !Number.isSafeInteger(data.size_bytes) || data.size_bytes <= 0)
    problems.push('size_bytes must be a positive whole number');
  return problems;
}

export function restoreProblems(data: Partial<RestoreCompletedRequest> | undefined): string[] {
  if (!data || typeof data !== 'object') return ['a request body is required'];
  const problems = common(data);
  if (typeof data.target_database !== 'string' || !DATABASE.test(data.target_database)) problems.push('target_database must be a database name');
  return problems;
}
