import type { SecretRef } from '@tr4ction/contracts';

export interface ServiceAccountRow {
  id: string;
  client_id: string;
  name: string;
  scopes: string[];
  status: 'active' | 'revoked';
  created_at: Date;
  expires_at: Date | null;
  secret_rotated_at: Date;
  previous_valid_until: Date | null;
  revoked_at: Date | null;
  secret_ref: SecretRef | null;
  version: number;
}

/** What GET /admin/service-accounts shows: never a secret or its hash. */
export interface ServiceAccountView {
  id: string;
  client_id: string;
  name: string;
  scopes: string[];
  status: 'active' | 'revoked' | 'expired';
  created_at: string;
  expires_at: string | null;
  secret_rotated_at: string;
  rotation_due_at: string;
  previous_valid_until: string | null;
  revoked_at: string | null;
  /** Where the platform writes the secret (and rotates it every SERVICE_ACCOUNT_ROTATION_DAYS), or null. */
  secret_ref: SecretRef | null;
}

export interface CreateServiceAccountRequest {
  name: string;
  scopes: string[];
  expires_in_days?: number;
  secret_ref?: SecretRef;
}

/** The one answer that carries a secret: shown once, never stored in clear. */
export interface CreatedServiceAccount extends ServiceAccountView {
  client_secret: string;
}

export interface RotatedServiceAccountSecret {
  client_secret: string;
  previous_valid_until: string;
}

/** auth-service sends the SHA-256 of the presented secret, so the secret itself never crosses the bus. */
export interface VerifyClientRequest {
  client_id: string;
  secret_hash: string;
}

export interface VerifiedClient {
  id: string;
  client_id: string;
  name: string;
  scopes: string[];
}
