import { eventSourcingTablesMigration } from '@tr4ction/persistence';

export const EventSourcingTables1764300000000 = eventSourcingTablesMigration('audit', 1764300000000);
