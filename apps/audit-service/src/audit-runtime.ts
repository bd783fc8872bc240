/**
 * What audit-service prepares before Nest starts (in the platform's preflight, after migrations):
 * the checkpoint keys from the secrets provider and the restricted connection pool. Either failing
 * stops the service before it consumes a single event.
 */
import type { DataSource } from 'typeorm';
import type { ConfigOf, auditServiceSchema } from '@tr4ction/config';
import { databasePasswordFromStore, refuseUnsafeDatabaseLogin } from '@tr4ction/platform';
import { createSecretsProvider, secretsOptionsFromEnv } from '@tr4ction/secrets';
import type { Logger } from '@tr4ction/telemetry';
import { loadCheckpointKeys, type CheckpointKeys } from './checkpoint/checkpoint-keys';
import { otlpLogsConfigProblems } from './sink/otlp-logs';
import { webhookConfigProblems } from './sink/webhook-sink';
import { checkAuditSession, createAuditDataSource, isStartupOptionsRefused } from './database/audit-database';

export type AuditServiceConfig = ConfigOf<typeof auditServiceSchema>;

export interface AuditRuntime {
  keys: CheckpointKeys;
  /** Reads the checkpoint keys afresh (CheckpointKeyReloader picks up a rotation with it). */
  loadKeys?: () => Promise<CheckpointKeys>;
  dataSource: DataSource;
}

export async function prepareAuditRuntime(config: AuditServiceConfig, logger: Logger, env: NodeJS.ProcessEnv = process.env): Promise<AuditRuntime> {
  const sinkProblems = [...webhookConfigProblems(config), ...otlpLogsConfigProblems(config)];
  if (sinkProblems.length) throw new Error(`invalid audit sink configuration: ${sinkProblems.join('; ')}`);
  const secrets = createSecretsProvider(secretsOptionsFromEnv(env));
  const loadKeys = (): Promise<CheckpointKeys> =>
    loadCheckpointKeys(secrets, { environment: config.ENVIRONMENT, previousPublicKeys: config.AUDIT_CHECKPOINT_PUBLIC_KEYS }, logger);
  const keys = await loadKeys();
  // The writer login's own password from the store, when kept there (rotated by rotation-service); never the owner's.
  const password = config.AUDIT_DATABASE_URL ? await databasePasswordFromStore('audit-writer', env) : undefined;
  let dataSource = createAuditDataSource(config, { password });
  try {
    await dataSource.initialize();
  } catch (err) {
    if (!isStartupOptionsRefused(err)) throw err;
    // Behind PgBouncer: the endpoint must switch to the role itself; the session check below refuses it otherwise.
    logger.info('the database endpoint refuses startup options (PgBouncer): expecting it to act as the audit role');
    dataSource = createAuditDataSource(config, { roleAtConnect: false, password });
    await dataSource.initialize();
  }
  try {
    await refuseUnsafeDatabaseLogin(dataSource, config.ENVIRONMENT, logger, config.AUDIT_DATABASE_URL ? 'AUDIT_DATABASE_URL' : 'DATABASE_URL');
    const session = await checkAuditSession(dataSource, config, logger);
    logger.info(
      {
        role: session.current_user,
        key_id: keys.keyId,
        public_key: keys.publicKey,
        checkpoint_every: config.AUDIT_CHECKPOINT_EVERY,
        checkpoint_seconds: config.AUDIT_CHECKPOINT_SECONDS,
      },
      'audit log access ready',
    );
  } catch (err) {
    await dataSource.destroy();
    throw err;
  }
  return { keys, dataSource, loadKeys };
}
