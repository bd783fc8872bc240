import { EventSourcingTables1764300000000 } from './1764300000000-event-sourcing-tables';
import { RefreshTokens1764300000001 } from './1764300000001-refresh-tokens';
import { UserTokenCutoffs1764310000000 } from './1764310000000-user-token-cutoffs';

export const AUTH_SERVICE_SCHEMA = 'auth';
export const authServiceMigrations = [EventSourcingTables1764300000000, RefreshTokens1764300000001, UserTokenCutoffs1764310000000];
