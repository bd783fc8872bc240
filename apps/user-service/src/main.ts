import './instrument';
import 'reflect-metadata';
import { userServiceSchema, type ConfigOf } from '@tr4ction/config';
import { runService } from '@tr4ction/platform';
import { preloadPasswordBlocklist } from '@tr4ction/security';
import { userServiceMigrations, USER_SERVICE_SCHEMA } from './migrations';
import { UserServiceModule } from './user-service.module';
import { accountsWithDefaultPasswords, DEFAULT_ACCOUNTS } from './users/default-accounts';
import { hasherFromConfig, PasswordService } from './users/password.service';
import { UsersService } from './users/users.service';

runService({
  name: 'user-service',
  schema: userServiceSchema,
  dbSchema: USER_SERVICE_SCHEMA,
  migrations: userServiceMigrations,
  rootModule: (deps) => UserServiceModule.forRoot(deps),
  async preflight(config, dataSource, logger) {
    if (config.ENVIRONMENT !== 'production') return;
    const stillDefault = await accountsWithDefaultPasswords(dataSource, hasherFromConfig(config));
    if (stillDefault.length) {
      logger.fatal({ accounts: stillDefault }, 'refusing to start in production: accounts still have a known default password; reset them with `tr4ction admin reset-password`');
      throw new Error('default passwords present in production');
    }
  },
  async afterStart(app, deps) {
    // Paid now, not by the first requests: an unknown-email login must not stand out by its timing.
    preloadPasswordBlocklist();
    await app.get(PasswordService).warmUp();
    const config = deps.config as ConfigOf<typeof userServiceSchema>;
    if (config.ENVIRONMENT === 'production') return;
    const created = await app.get(UsersService).seedDefaultAccounts(DEFAULT_ACCOUNTS);
    if (created) deps.logger.info({ created }, 'seeded development accounts (password change forced at first login)');
  },
});
