import { EventSourcingTables1764300000000 } from './1764300000000-event-sourcing-tables';
import { RefreshTokens1764300000001 } from './1764300000001-refresh-tokens';
import { TokenRevocation1764300000002 } from './1764300000002-token-revocation';
import { Sessions1765000000000 } from './1765000000000-sessions';
import { MfaChallenges1765100000000 } from './1765100000000-mfa-challenges';
import { MfaWebauthnChallenges1765200000000 } from './1765200000000-mfa-webauthn-challenges';
import { RpcRequests1766000000000 } from './1766000000000-rpc-requests';
import { TokenCutoffsByTime1766300000000 } from './1766300000000-token-cutoffs-by-time';

export const AUTH_SERVICE_SCHEMA = 'auth';
export const authServiceMigrations = [
  EventSourcingTables1764300000000,
  RefreshTokens1764300000001,
  TokenRevocation1764300000002,
  Sessions1765000000000,
  MfaChallenges1765100000000,
  MfaWebauthnChallenges1765200000000,
  RpcRequests1766000000000,
  TokenCutoffsByTime1766300000000,
];
