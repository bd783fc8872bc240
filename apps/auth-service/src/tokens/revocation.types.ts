/** The revocation patterns' requests and replies are in the RPC catalogue. */
export type { LogoutRequest, RevocationState, RevokeAllRequest, RevokeUserRequest } from '@tr4ction/contracts';
