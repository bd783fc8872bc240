import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import { RPC, type CredentialStatus, type StoredSecretRotationOutcome, type StoredSecretRotationRequest } from '@tr4ction/contracts';
import { RpcHandler, ServiceError, type RpcEnvelope } from '@tr4ction/messaging';
import { DatabasePasswordRotation } from '../database-passwords/database-password.rotation';
import { CheckpointKeyRotation } from '../checkpoint-key/checkpoint-key.rotation';
import { ServiceAccountSecretRotation } from '../service-accounts/service-account-secret.rotation';
import { JwtSecretRotation } from '../signing-keys/jwt-secret.rotation';
import { MasterKeyStagedRotation } from '../signing-keys/master-key.staged-rotation';
import { SecretsStatusService } from './secrets-status.service';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The operator's view of and hand on the rotation engine (`tr4ction secrets status | rotate`). */
@Controller()
export class SecretsHandler {
  constructor(
    private readonly status: SecretsStatusService,
    private readonly accountSecrets: ServiceAccountSecretRotation,
    private readonly jwtSecret: JwtSecretRotation,
    private readonly dbPasswords: DatabasePasswordRotation,
    private readonly checkpointKey: CheckpointKeyRotation,
    private readonly masterKey: MasterKeyStagedRotation,
  ) {}

  @RpcHandler(RPC.rotation.secretsStatus)
  async secretsStatus(): Promise<{ items: CredentialStatus[] }> {
    return { items: await this.status.status() };
  }

  @RpcHandler(RPC.rotation.rotateStoredSecret)
  async rotateStoredSecret(@Payload() { meta, data }: RpcEnvelope<StoredSecretRotationRequest>): Promise<StoredSecretRotationOutcome> {
    if (data?.what === 'service_account_secret') {
      if (typeof data.id !== 'string' || !UUID.test(data.id)) throw new ServiceError('VALIDATION_FAILED', 'id must be a service account id (uuid)');
      return { ...(await this.accountSecrets.rotateNow(data.id, meta)), what: data.what, id: data.id };
    }
    if (data?.what === 'jwt_secret') return { ...(await this.jwtSecret.rotateNow(meta)), what: data.what, id: 'JWT_SECRET_KEY' };
    if (data?.what === 'db_password') {
      if (typeof data.id !== 'string') throw new ServiceError('VALIDATION_FAILED', 'id must name the service whose database password to rotate');
      return { ...(await this.dbPasswords.rotateNow(data.id, meta)), what: data.what, id: data.id };
    }
    if (data?.what === 'checkpoint_key') return { ...(await this.checkpointKey.rotateNow(meta)), what: data.what, id: 'AUDIT_CHECKPOINT_KEY' };
    if (data?.what === 'master_key') return { ...(await this.masterKey.rotateNow(meta)), what: data.what, id: 'SIGNING_KEYS_MASTER_KEY' };
    throw new ServiceError('VALIDATION_FAILED', 'what must be service_account_secret, jwt_secret, db_password, checkpoint_key or master_key');
  }
}
