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

/** The requests and replies of the service-account patterns are in the RPC catalogue. */
export type {
  CreatedServiceAccount,
  CreateServiceAccountRequest,
  RotatedServiceAccountSecret,
  ServiceAccountView,
  VerifiedClient,
  VerifyClientRequest,
} from '@tr4ction/contracts';
