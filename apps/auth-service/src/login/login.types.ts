import type { MfaRequiredResponse } from '@tr4ction/contracts';
import type { TokenPair } from '../tokens/session.service';

export type { VerifiedUser } from '@tr4ction/contracts';

export interface LoginRequest {
  email: string;
  password: string;
}

/** The tokens, or (a user with a second factor) the token of the second step. */
export type LoginResponse = TokenPair | MfaRequiredResponse;
