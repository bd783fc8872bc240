import { eventSourcingTablesMigration } from '@tr4ction/persistence';

export const EventSourcingTables1764300000000 = eventSourcingTablesMigration('auth', 1764300000000);
