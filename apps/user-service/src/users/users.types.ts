/** Request and reply shapes of user-service's RPC patterns. */
export interface RegisterRequest {
  email: string;
  password: string;
  name?: string | null;
}

export interface PublicUser {
  id: string;
  email: string;
  name: string | null;
  roles: string[];
  password_expires_at: string | null;
  password_change_required: boolean;
}

export interface VerifyCredentialsRequest {
  email: string;
  password: string;
}

export interface VerifiedUser {
  id: string;
  roles: string[];
  password_change_required: boolean;
}

export interface ChangePasswordRequest {
  user_id: string;
  current_password: string;
  new_password: string;
}
