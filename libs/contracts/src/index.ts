export * from './events/catalogue';
export * from './events/envelope';
export * from './events/create-event';
export * from './events/uuid-v7';
export * from './rpc/patterns';
export * from './errors/error-codes';
export * from './rpc/operations.types';
export * from './auth/roles';
