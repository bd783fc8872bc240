/** Request and reply shapes of the user administration RPC patterns (RPC.user.list, create, ...). */
import type { PublicUser } from '../users/users.types';

export interface AdminUserView extends PublicUser {
  status: string;
  /** Locked now (a lock that ran out is not shown as one). */
  locked: boolean;
  locked_until: string | null;
  failed_attempts: number;
  created_at: string;
}

export interface ListUsersRequest {
  limit?: number;
  cursor?: string;
}

export interface UserPage {
  items: AdminUserView[];
  next_cursor: string | null;
}

export interface CreateUserRequest {
  email: string;
  name?: string | null;
  roles: string[];
}

/** The temporary password leaves the service in this reply only: it is in no event and no log. */
export interface CreatedUser {
  id: string;
  email: string;
  roles: string[];
  temporary_password: string;
}

export interface UserIdRequest {
  user_id: string;
}

export interface SetRolesRequest {
  user_id: string;
  roles: string[];
}

/**
 * An admin reset, by id (the gateway) or by email (the operator CLI's lost-admin procedure). The
 * operator may bring the temporary password (piped on stdin): it must then meet the policy.
 */
export interface ResetPasswordRequest {
  user_id?: string;
  email?: string;
  password?: string;
}

/** The generated temporary password leaves the service in this reply only, once; a supplied one is never echoed. */
export interface PasswordReset {
  user_id: string;
  email: string;
  temporary_password?: string;
  /** The account was locked and is not any more: the temporary password works at once. */
  unlocked: boolean;
}
