/** rotation-service's patterns: signing keys, the master key and service accounts. */
import { Type, type Static } from '@sinclair/typebox';
import type { PublicJwk, SigningKeyState } from '../../auth/public-jwk';
import type { SecretRef } from '../../events/catalogue';
import { RPC } from '../patterns';
import { NoArguments, rpc } from './rpc-entry';

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

/** `rpc.rotation.rotate-keys`: rotated now, or scheduled (the next key must be public for one JWKS cache period first). */
export interface RotationOutcome {
  status: 'rotated' | 'scheduled';
  active_kid: string | null;
  previous_kid?: string | null;
  next_kid?: string | null;
  /** When a scheduled rotation will happen. */
  activates_at?: string | null;
}

/** `rpc.rotation.rotate-master-key`: every stored signing key is now under the current master key. */
export interface MasterKeyRotationOutcome {
  /** `unchanged`: every row was already under it (nothing re-encrypted). */
  status: 'rotated' | 'unchanged';
  /** Public id of the master key every row is now under (never the key). */
  master_key_id: string;
  reencrypted: number;
  stored_keys: number;
}

export const RevokeKeyRequestSchema = Type.Object({ kid: Type.String(), reason: Type.String() });

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

/** A secret store and the name of the secret in it (the gateway checks the shape and the provider). */
const SecretRefSchema = Type.Object({
  provider: Type.Union([Type.Literal('file'), Type.Literal('aws-secrets-manager'), Type.Literal('aws-ssm')]),
  name: Type.String(),
});

export const CreateServiceAccountRequestSchema = Type.Object({
  name: Type.String(),
  scopes: Type.Array(Type.String()),
  expires_in_days: Type.Optional(Type.Number()),
  secret_ref: Type.Optional(SecretRefSchema),
});
export type CreateServiceAccountRequest = Static<typeof CreateServiceAccountRequestSchema>;

/** The one answer that carries a secret: shown once, never stored in clear. */
export interface CreatedServiceAccount extends ServiceAccountView {
  client_secret: string;
}

export interface RotatedServiceAccountSecret {
  client_secret: string;
  previous_valid_until: string;
}

export const ServiceAccountIdRequestSchema = Type.Object({ id: Type.String() });
export const RevokeServiceAccountRequestSchema = Type.Object({ id: Type.String(), reason: Type.Optional(Type.String()) });

/** auth-service sends the SHA-256 of the presented secret, so the secret itself never crosses the bus. */
export const VerifyClientRequestSchema = Type.Object({ client_id: Type.String(), secret_hash: Type.String() });
export type VerifyClientRequest = Static<typeof VerifyClientRequestSchema>;

export interface VerifiedClient {
  id: string;
  client_id: string;
  name: string;
  scopes: string[];
}

/** `rpc.rotation.rotate-stored-secret`: a staged rotation through a secret store, run now. */
export const StoredSecretRotationRequestSchema = Type.Object({
  what: Type.Union([
    Type.Literal('service_account_secret'),
    Type.Literal('jwt_secret'),
    Type.Literal('db_password'),
    Type.Literal('checkpoint_key'),
    Type.Literal('master_key'),
  ]),
  /** The service account's id (service_account_secret); the service whose database login it is (db_password, e.g. user-service). */
  id: Type.Optional(Type.String()),
});
export type StoredSecretRotationRequest = Static<typeof StoredSecretRotationRequestSchema>;

export interface StoredSecretRotationOutcome {
  status: 'rotated' | 'idle' | 'busy' | 'failed';
  what: StoredSecretRotationRequest['what'];
  id: string;
  /** The store version now current (rotated). */
  version?: string;
  /** The step that failed and its code (failed). */
  step?: string;
  reason?: string;
}

/** One row of `rpc.rotation.secrets-status` (`tr4ction secrets status`): never a value. */
export interface CredentialStatus {
  credential: 'signing_key' | 'master_key' | 'jwt_secret' | 'service_account_secret' | 'checkpoint_key' | 'db_password';
  /** Which one: a kid, a service account's client_id, a service name; null for a single secret. */
  id: string | null;
  /** Where it lives: `database`, a secrets provider name, or `operator` (handed over by hand). */
  store: string;
  name: string | null;
  last_rotated_at: string | null;
  next_rotation_at: string | null;
  /** `ok`, `in_progress`, `failed:<step>:<code>`, or `manual` (rotated by an operator, not the engine). */
  last_result: string;
}

export const ROTATION_RPC = {
  [RPC.rotation.publicKeys]: rpc(NoArguments).answers<{ keys: PublicSigningKeyView[] }>(),
  [RPC.rotation.activeSigningKey]: rpc(NoArguments).answers<EncryptedSigningKey>(),
  [RPC.rotation.listKeys]: rpc(NoArguments).answers<{ items: SigningKeyView[] }>(),
  [RPC.rotation.rotateKeys]: rpc(NoArguments).answers<RotationOutcome>(),
  [RPC.rotation.rotateMasterKey]: rpc(NoArguments).answers<MasterKeyRotationOutcome>(),
  [RPC.rotation.revokeKey]: rpc(RevokeKeyRequestSchema).answers<SigningKeyView>(),
  [RPC.rotation.listServiceAccounts]: rpc(NoArguments).answers<{ items: ServiceAccountView[] }>(),
  [RPC.rotation.createServiceAccount]: rpc(CreateServiceAccountRequestSchema).answers<CreatedServiceAccount>(),
  [RPC.rotation.rotateServiceAccount]: rpc(ServiceAccountIdRequestSchema).answers<RotatedServiceAccountSecret>(),
  [RPC.rotation.revokeServiceAccount]: rpc(RevokeServiceAccountRequestSchema).answers<ServiceAccountView>(),
  [RPC.rotation.verifyClient]: rpc(VerifyClientRequestSchema).answers<VerifiedClient>(),
  [RPC.rotation.rotateStoredSecret]: rpc(StoredSecretRotationRequestSchema).answers<StoredSecretRotationOutcome>(),
  [RPC.rotation.secretsStatus]: rpc(NoArguments).answers<{ items: CredentialStatus[] }>(),
} as const;
