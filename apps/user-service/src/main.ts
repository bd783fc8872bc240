import './instrument';
import 'reflect-metadata';
import { userServiceSchema } from '@tr4ction/config';
import { isRole, ROLES } from '@tr4ction/contracts';
import { runService } from '@tr4ction/platform';
import { accountsWithDefaultPasswords } from './credentials/default-accounts';
import { assertMfaKeyInProduction } from './mfa/mfa-key.provider';
import { userServiceMigrations, USER_SERVICE_SCHEMA } from './migrations';
import { UserServiceModule } from './user-service.module';
import { hasherFromConfig } from './users/password.service';
import { replayUsers } from './users/users.replay';

// Development accounts are seeded by StartupSeeder before the service answers (not afterStart),
// so a client that sees the stack ready can sign in with them.
runService({
  name: 'user-service',
  schema: userServiceSchema,
  dbSchema: USER_SERVICE_SCHEMA,
  migrations: userServiceMigrations,
  rootModule: (deps) => UserServiceModule.forRoot(deps),
  replay: (dataSource) => replayUsers(dataSource),
  async preflight(config, dataSource, logger) {
    if (!config.MFA_REQUIRED_ROLES.every(isRole)) throw new Error(`MFA_REQUIRED_ROLES must list roles among ${ROLES.join(', ')}`);
    await assertMfaKeyInProduction(config.ENVIRONMENT);
    if (config.ENVIRONMENT !== 'production') return;
    const stillDefault = await accountsWithDefaultPasswords(dataSource, hasherFromConfig(config));
    if (stillDefault.length) {
      logger.fatal(
        { accounts: stillDefault },
        'refusing to start in production: accounts still have a known default password; reset them with `tr4ction admin reset-password`',
      );
      throw new Error('default passwords present in production');
    }
  },
});
