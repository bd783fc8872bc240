import { EventSourcingTables1764300000000 } from './1764300000000-event-sourcing-tables';
import { UsersProjection1764300000001 } from './1764300000001-users-projection';

export const USER_SERVICE_SCHEMA = 'users';
export const userServiceMigrations = [EventSourcingTables1764300000000, UsersProjection1764300000001];
