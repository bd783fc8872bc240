/** Replies of rotation-service's RPCs, shared by the service and its callers (CLI, gateway). */

/** `rpc.rotation.rotate-master-key`: every stored signing key is now under the current master key. */
export interface MasterKeyRotationOutcome {
  status: 'rotated' | 'unchanged';
  /** Public id of the master key every row is now under (never the key). */
  master_key_id: string;
  reencrypted: number;
  stored_keys: number;
}

/** `rpc.rotation.rotate-stored-secret`: a staged rotation through a secret store, run now. */
export interface StoredSecretRotationRequest {
  what: 'service_account_secret' | 'jwt_secret';
  /** The service account's id (service_account_secret only). */
  id?: string;
}

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
