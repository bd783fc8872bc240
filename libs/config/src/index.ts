export * from './config-schema';
export * from './common-keys';
export * from './service-schemas';
export * from './token-keys';
export * from './settings-keys';
