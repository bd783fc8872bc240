export * from './tokens';
export * from './clock';
export * from './platform.module';
export * from './ping.controller';
export * from './metrics.controller';
export * from './bootstrap-service';
export * from './jwt-secret';
export * from './signing-secrets';
