/** user-service's patterns: accounts, their administration, runtime settings and second factors. */
import { Type, type Static } from '@sinclair/typebox';
import { RPC } from '../patterns';
import type { RuntimeSettingsPatch, RuntimeSettingsSnapshot } from '../../settings/runtime-settings';
import {
  ConfirmTotpRequestSchema,
  MfaResetRequestSchema,
  MfaUserRequestSchema,
  MfaVerifyRequestSchema,
  RegisterWebauthnRequestSchema,
  RemoveFactorRequestSchema,
  StartTotpRequestSchema,
  type MfaConfirmed,
  type MfaResetDone,
  type MfaStatus,
  type RecoveryCodes,
  type TotpEnrolment,
  type VerifiedUser,
  type WebauthnOptionsJson,
  type WebauthnRegistered,
} from '../mfa.types';
import type { PublicUser } from '../users.types';
import { LoginRequestSchema } from './auth.rpc';
import { NoArguments, Nullable, rpc, type Done } from './rpc-entry';

export const RegisterRequestSchema = Type.Object({ email: Type.String(), password: Type.String(), name: Type.Optional(Nullable(Type.String())) });
export type RegisterRequest = Static<typeof RegisterRequestSchema>;

export const ChangePasswordRequestSchema = Type.Object({
  user_id: Type.String(),
  current_password: Type.String(),
  new_password: Type.String(),
  /** The session (`sid`) the change is made from: it stays signed in, every other one ends. */
  session_id: Type.Optional(Type.String()),
});
export type ChangePasswordRequest = Static<typeof ChangePasswordRequestSchema>;

export const UserIdRequestSchema = Type.Object({ user_id: Type.String() });
export type UserIdRequest = Static<typeof UserIdRequestSchema>;

export const ListUsersRequestSchema = Type.Object({ limit: Type.Optional(Type.Number()), cursor: Type.Optional(Type.String()) });
export type ListUsersRequest = Static<typeof ListUsersRequestSchema>;

export const CreateUserRequestSchema = Type.Object({ email: Type.String(), name: Type.Optional(Nullable(Type.String())), roles: Type.Array(Type.String()) });
export type CreateUserRequest = Static<typeof CreateUserRequestSchema>;

export const SetRolesRequestSchema = Type.Object({ user_id: Type.String(), roles: Type.Array(Type.String()) });
export type SetRolesRequest = Static<typeof SetRolesRequestSchema>;

/**
 * An admin reset, by id (the gateway) or by email (the operator CLI's lost-admin procedure). The
 * operator may bring the temporary password (piped on stdin): it must then meet the policy.
 */
export const ResetPasswordRequestSchema = Type.Object({
  user_id: Type.Optional(Type.String()),
  email: Type.Optional(Type.String()),
  password: Type.Optional(Type.String()),
});
export type ResetPasswordRequest = Static<typeof ResetPasswordRequestSchema>;

/** The keys and values are checked by `validateSettingsPatch` (bounds, origins), which names each violation. */
export const UpdateSettingsRequestSchema = Type.Object({
  changes: Type.Unsafe<RuntimeSettingsPatch>(Type.Object({})),
  /** From If-Match: the version the admin last saw; a different current version answers 412. */
  expected_version: Type.Optional(Type.Number()),
});
export type UpdateSettingsRequest = Static<typeof UpdateSettingsRequestSchema>;

/** One user as an admin sees them. */
export interface AdminUserView extends PublicUser {
  status: string;
  /** Locked now (a lock that ran out is not shown as one). */
  locked: boolean;
  locked_until: string | null;
  failed_attempts: number;
  created_at: string;
}

export interface UserPage {
  items: AdminUserView[];
  next_cursor: string | null;
}

/** The temporary password leaves the service in this reply only: it is in no event and no log. */
export interface CreatedUser {
  id: string;
  email: string;
  roles: string[];
  temporary_password: string;
}

export interface RolesSet {
  id: string;
  roles: string[];
  changed: boolean;
}

/** The generated temporary password leaves the service in this reply only, once; a supplied one is never echoed. */
export interface PasswordReset {
  user_id: string;
  email: string;
  temporary_password?: string;
  /** The account was locked and is not any more: the temporary password works at once. */
  unlocked: boolean;
}

/** `rpc.user.default-accounts`: the emails only, never a password or a hash. */
export interface DefaultAccountsReport {
  still_default: string[];
}

export const USER_RPC = {
  [RPC.user.register]: rpc(RegisterRequestSchema).answers<PublicUser>(),
  [RPC.user.verifyCredentials]: rpc(LoginRequestSchema).answers<VerifiedUser>(),
  [RPC.user.changePassword]: rpc(ChangePasswordRequestSchema).answers<Done>(),
  [RPC.user.me]: rpc(UserIdRequestSchema).answers<PublicUser>(),
  [RPC.user.sessionUser]: rpc(UserIdRequestSchema).answers<PublicUser>(),
  [RPC.user.list]: rpc(ListUsersRequestSchema).answers<UserPage>(),
  [RPC.user.create]: rpc(CreateUserRequestSchema).answers<CreatedUser>(),
  [RPC.user.delete]: rpc(UserIdRequestSchema).answers<Done>(),
  [RPC.user.setRoles]: rpc(SetRolesRequestSchema).answers<RolesSet>(),
  [RPC.user.unlock]: rpc(UserIdRequestSchema).answers<{ unlocked: boolean }>(),
  [RPC.user.resetPassword]: rpc(ResetPasswordRequestSchema).answers<PasswordReset>(),
  [RPC.user.settings]: rpc(NoArguments).answers<RuntimeSettingsSnapshot>(),
  [RPC.user.updateSettings]: rpc(UpdateSettingsRequestSchema).answers<RuntimeSettingsSnapshot>(),
  [RPC.user.defaultAccounts]: rpc(NoArguments).answers<DefaultAccountsReport>(),
  [RPC.user.mfa.status]: rpc(MfaUserRequestSchema).answers<MfaStatus>(),
  [RPC.user.mfa.startTotp]: rpc(StartTotpRequestSchema).answers<TotpEnrolment>(),
  [RPC.user.mfa.confirmTotp]: rpc(ConfirmTotpRequestSchema).answers<MfaConfirmed>(),
  [RPC.user.mfa.remove]: rpc(RemoveFactorRequestSchema).answers<Done>(),
  [RPC.user.mfa.regenerateRecoveryCodes]: rpc(MfaUserRequestSchema).answers<RecoveryCodes>(),
  [RPC.user.mfa.verify]: rpc(MfaVerifyRequestSchema).answers<VerifiedUser>(),
  [RPC.user.mfa.reset]: rpc(MfaResetRequestSchema).answers<MfaResetDone>(),
  [RPC.user.mfa.webauthnRegistrationOptions]: rpc(MfaUserRequestSchema).answers<WebauthnOptionsJson>(),
  [RPC.user.mfa.webauthnRegister]: rpc(RegisterWebauthnRequestSchema).answers<WebauthnRegistered>(),
  [RPC.user.mfa.webauthnAuthenticationOptions]: rpc(MfaUserRequestSchema).answers<WebauthnOptionsJson>(),
} as const;
