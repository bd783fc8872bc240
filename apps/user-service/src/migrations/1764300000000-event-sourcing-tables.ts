import { eventSourcingTablesMigration } from '@tr4ction/persistence';

export const EventSourcingTables1764300000000 = eventSourcingTablesMigration('users', 1764300000000);
