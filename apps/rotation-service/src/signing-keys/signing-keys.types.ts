import type { PublicJwk, SigningKeyState } from '@tr4ction/tokens';

export interface SigningKeyRow {
  kid: string;
  alg: string;
  status: SigningKeyState;
  public_pem: string;
  public_jwk: PublicJwk;
  created_at: Date;
  activated_at: Date | null;
  retiring_at: Date | null;
  retired_at: Date | null;
  revoked_at: Date | null;
  revoke_reason: string | null;
  version: number;
}

/** The replies of the signing-key patterns are in the RPC catalogue. */
export type { EncryptedSigningKey, PublicSigningKeyView, RotationOutcome, SigningKeyView } from '@tr4ction/contracts';
