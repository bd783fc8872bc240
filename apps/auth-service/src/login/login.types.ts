/** The login's request and reply are in the RPC catalogue. */
export type { LoginRequest, LoginResponse, VerifiedUser } from '@tr4ction/contracts';
