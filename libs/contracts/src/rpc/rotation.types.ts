/** Replies of rotation-service's RPCs, shared by the service and its callers (CLI, gateway). */

/** `rpc.rotation.rotate-master-key`: every stored signing key is now under the current master key. */
export interface MasterKeyRotationOutcome {
  status: 'rotated' | 'unchanged';
  /** Public id of the master key every row is now under (never the key). */
  master_key_id: string;
  reencrypted: number;
  stored_keys: number;
}
