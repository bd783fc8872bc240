import { eventSourcingTablesMigration } from '@tr4ction/persistence';
import { SigningKeys1764300000001 } from './1764300000001-signing-keys';
import { ServiceAccounts1764300000002 } from './1764300000002-service-accounts';
import { MasterKeyId1764300000003 } from './1764300000003-master-key-id';

export const ROTATION_SERVICE_SCHEMA = 'rotation';
export const rotationServiceMigrations = [eventSourcingTablesMigration('rotation', 1764300000000), SigningKeys1764300000001, ServiceAccounts1764300000002, MasterKeyId1764300000003];
