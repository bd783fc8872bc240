import './register-aliases';
/**
 * Integration tests share one fresh database (with every service's real migrations applied)
 * and one NATS JetStream server, resolved once here and handed to tests through the environment.
 */
import { createServiceDataSource, runMigrations, SERVICE_DATABASE_ROLES, withLogin } from '@tr4ction/persistence';
import { createTestDatabase, prepareTestDatabaseRoles, resolveInfrastructure } from '@tr4ction/testing';
import { ALL_MIGRATIONS } from './all-migrations';

export default async function setup(): Promise<void> {
  const infra = await resolveInfrastructure();
  const url = await createTestDatabase(infra.databaseServerUrl, 'tr4ction_it');
  // Each schema migrated by its own service's role, as the services do it (the specs' own
  // connection stays the administrator's, to look behind the services).
  const { passwords } = await prepareTestDatabaseRoles(url);
  for (const { schema, migrations } of ALL_MIGRATIONS) {
    const owner = SERVICE_DATABASE_ROLES.find((r) => r.schema === schema);
    if (!owner) throw new Error(`no database role owns schema ${schema}`);
    const ds = createServiceDataSource({
      url: withLogin(url, owner.role, passwords[owner.role]),
      schema,
      service: 'integration-setup',
      migrations,
      poolSize: 2,
    });
    await ds.initialize();
    await runMigrations(ds, schema);
    await ds.destroy();
  }
  process.env.TEST_DATABASE_URL = url;
  process.env.TEST_NATS_URL = infra.natsUrl;
  if (infra.natsCredsFile) process.env.TEST_NATS_CREDS_FILE = infra.natsCredsFile;
  if (infra.natsCaFile) process.env.TEST_NATS_TLS_CA_FILE = infra.natsCaFile;
  (globalThis as Record<string, unknown>).__TR4CTION_INFRA__ = infra;
  console.log(`\nintegration infrastructure: ${infra.source}`);
}
