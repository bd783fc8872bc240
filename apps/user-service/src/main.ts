import './instrument';
import 'reflect-metadata';
import { userServiceSchema } from '@tr4ction/config';
import { runService } from '@tr4ction/platform';
import { accountsWithDefaultPasswords, DEFAULT_ACCOUNTS, PasswordHasher } from '@tr4ction/security';
import { userServiceMigrations, USER_SERVICE_SCHEMA } from './migrations';
import { UserServiceModule } from './user-service.module';
import { UsersService } from './users/users.service';
import { replayUsers } from './users/users.replay';

runService({
  name: 'user-service',
  schema: userServiceSchema,
  dbSchema: USER_SERVICE_SCHEMA,
  migrations: userServiceMigrations,
  rootModule: (deps) => UserServiceModule.forRoot(deps),
  replay: (dataSource) => replayUsers(dataSource),
  async preflight(config, dataSource, logger) {
    if (config.ENVIRONMENT !== 'production') return;
    const hasher = new PasswordHasher({ memoryCost: config.ARGON2_MEMORY_KIB, timeCost: config.ARGON2_TIME_COST, parallelism: config.ARGON2_PARALLELISM });
    const stillDefault = await accountsWithDefaultPasswords(dataSource, hasher);
    if (stillDefault.length) {
      logger.fatal({ accounts: stillDefault }, 'refusing to start in production: accounts still have a known default password; reset them with `tr4ction admin reset-password`');
      throw new Error('default passwords present in production');
    }
  },
  async afterStart(app, deps) {
    const config = deps.config as { ENVIRONMENT: string };
    if (config.ENVIRONMENT === 'production') return;
    const created = await app.get(UsersService).seedDefaultAccounts(DEFAULT_ACCOUNTS);
    if (created) deps.logger.info({ created }, 'seeded development accounts (password change forced at first login)');
  },
});
