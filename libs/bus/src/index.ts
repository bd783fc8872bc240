/** How processes connect to the secured bus, and the development bus (PKI, nkeys, nats-server config) built from the permission table. */
export * from './bus-connection';
export * from './nats-server-config';
export * from './dev-bus';
