import { EventSourcingTables1764300000000 } from './1764300000000-event-sourcing-tables';
import { UsersProjection1764300000001 } from './1764300000001-users-projection';
import { LoginAttempts1764310000000 } from './1764310000000-login-attempts';
import { UnknownLoginAttempts1764310000001 } from './1764310000001-unknown-login-attempts';
import { Mfa1764320000000 } from './1764320000000-mfa';
import { Webauthn1764330000000 } from './1764330000000-webauthn';
import { RpcRequests1766000000000 } from './1766000000000-rpc-requests';
import { UserSnapshots1766100000000 } from './1766100000000-user-snapshots';

export const USER_SERVICE_SCHEMA = 'users';
export const userServiceMigrations = [
  EventSourcingTables1764300000000,
  UsersProjection1764300000001,
  LoginAttempts1764310000000,
  UnknownLoginAttempts1764310000001,
  Mfa1764320000000,
  Webauthn1764330000000,
  RpcRequests1766000000000,
  UserSnapshots1766100000000,
];
