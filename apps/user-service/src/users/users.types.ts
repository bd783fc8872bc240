/** Request and reply shapes of user-service's RPC patterns. */
export interface RegisterRequest {
  email: string;
  password: string;
  name?: string | null;
}

export type { PublicUser } from '@tr4ction/contracts';

export interface VerifyCredentialsRequest {
  email: string;
  password: string;
}

export type { VerifiedUser } from '@tr4ction/contracts';

export interface ChangePasswordRequest {
  user_id: string;
  current_password: string;
  new_password: string;
  /** The session (`sid`) the change is made from: it stays signed in, every other one ends. */
  session_id?: string;
}
