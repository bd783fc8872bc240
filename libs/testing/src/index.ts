export * from './wait-for';
export * from './free-port';
export * from './test-database';
export * from './private-nats';
export * from './tcp-proxy';
export * from './test-infrastructure';
export * from './service-stack';
export * from './http-client';
