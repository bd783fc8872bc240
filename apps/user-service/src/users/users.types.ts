/** user-service's requests and replies are in the RPC catalogue. */
export type { ChangePasswordRequest, PublicUser, RegisterRequest, VerifiedUser } from '@tr4ction/contracts';
/** verify-credentials takes the login body. */
export type { LoginRequest as VerifyCredentialsRequest } from '@tr4ction/contracts';
