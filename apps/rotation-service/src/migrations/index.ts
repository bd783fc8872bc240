import { eventSourcingTablesMigration } from '@tr4ction/persistence';
import { SigningKeys1764300000001 } from './1764300000001-signing-keys';
import { ServiceAccounts1764300000002 } from './1764300000002-service-accounts';
import { MasterKeyId1764300000003 } from './1764300000003-master-key-id';
import { RpcRequests1766000000000 } from './1766000000000-rpc-requests';
import { StagedRotation1766100000000 } from './1766100000000-staged-rotation';
import { EventStoreStreamPrefix1766200000000 } from './1766200000000-event-store-stream-prefix';

export const ROTATION_SERVICE_SCHEMA = 'rotation';
export const rotationServiceMigrations = [
  eventSourcingTablesMigration('rotation', 1764300000000),
  SigningKeys1764300000001,
  ServiceAccounts1764300000002,
  MasterKeyId1764300000003,
  RpcRequests1766000000000,
  StagedRotation1766100000000,
  EventStoreStreamPrefix1766200000000,
];
