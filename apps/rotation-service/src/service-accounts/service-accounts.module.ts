import { Module } from '@nestjs/common';
import { ServiceAccountsHandler } from './service-accounts.handler';
import { ServiceAccountsRepository } from './service-accounts.repository';
import { ServiceAccountsService } from './service-accounts.service';

@Module({
  controllers: [ServiceAccountsHandler],
  providers: [ServiceAccountsService, ServiceAccountsRepository],
  exports: [ServiceAccountsService],
})
export class ServiceAccountsModule {}
