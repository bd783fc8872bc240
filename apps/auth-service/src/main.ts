import './instrument';
import 'reflect-metadata';
import { authServiceSchema } from '@tr4ction/config';
import { createRpcClient } from '@tr4ction/messaging';
import { loadJwtSecret, runService } from '@tr4ction/platform';
import { authServiceMigrations, AUTH_SERVICE_SCHEMA } from './migrations';
import { AuthServiceModule, type AuthServiceDeps } from './auth-service.module';

let own: AuthServiceDeps | undefined;

runService({
  name: 'auth-service',
  schema: authServiceSchema,
  dbSchema: AUTH_SERVICE_SCHEMA,
  migrations: authServiceMigrations,
  async preflight(config) {
    const jwtSecret = await loadJwtSecret();
    const { rpc, proxy } = await createRpcClient(config.NATS_URL, 'auth-service-client', config.RPC_TIMEOUT_MS, config.RPC_OUTAGE_GRACE_MS);
    own = { jwtSecret, userRpc: rpc, userRpcProxy: proxy };
  },
  rootModule: (deps) => {
    if (!own) throw new Error('auth-service preflight did not run');
    return AuthServiceModule.forRoot(deps, own);
  },
});
