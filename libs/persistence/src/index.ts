export * from './data-source.factory';
export * from './ensure-database';
export * from './run-migrations';
export * from './event-sourcing-tables.migration';
export * from './event-store';
export * from './errors';
export * from './database-roles';
export * from './database-passwords';
