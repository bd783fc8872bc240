import { eventSourcingTablesMigration } from '@tr4ction/persistence';

export const ROTATION_SERVICE_SCHEMA = 'rotation';
export const rotationServiceMigrations = [eventSourcingTablesMigration('rotation', 1764300000000)];
