import { Module } from '@nestjs/common';
import { StagedRotationModule } from '../staged-rotation/staged-rotation.module';
import { ServiceAccountAggregates } from './service-account-aggregates';
import { ServiceAccountSecretRotation } from './service-account-secret.rotation';
import { ServiceAccountsHandler } from './service-accounts.handler';
import { ServiceAccountsRepository } from './service-accounts.repository';
import { ServiceAccountsService } from './service-accounts.service';

@Module({
  imports: [StagedRotationModule],
  controllers: [ServiceAccountsHandler],
  providers: [ServiceAccountsService, ServiceAccountAggregates, ServiceAccountsRepository, ServiceAccountSecretRotation],
  exports: [ServiceAccountsService, ServiceAccountsRepository, ServiceAccountSecretRotation],
})
export class ServiceAccountsModule {}
