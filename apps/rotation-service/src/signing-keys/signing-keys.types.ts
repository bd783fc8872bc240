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

/** One entry of GET /admin/keys: never any key material. */
export interface SigningKeyView {
  kid: string;
  alg: string;
  status: SigningKeyState;
  /** Null only for the HS256 runbook secret, whose history is not ours. */
  created_at: string | null;
  activated_at: string | null;
  /** When the key stops verifying tokens (planned for an active key, past for a retired or revoked one). */
  expires_at: string | null;
  /** Active key: when the schedule will replace it. */
  rotates_at?: string | null;
  retiring_at?: string | null;
  revoked_at?: string | null;
}

/** What the gateway needs to verify and to publish the JWKS. */
export interface PublicSigningKeyView {
  kid: string;
  alg: string;
  status: SigningKeyState;
  public_pem: string;
  jwk: PublicJwk;
}

/** The active key for auth-service, still encrypted: the master key never travels. */
export interface EncryptedSigningKey {
  kid: string;
  alg: string;
  encrypted_private_key: string;
}

export interface RotationOutcome {
  status: 'rotated' | 'scheduled' | 'unchanged';
  active_kid: string | null;
  previous_kid?: string | null;
  next_kid?: string | null;
  /** When a scheduled rotation will happen: the next key must be public for one JWKS cache period first. */
  activates_at?: string | null;
}
