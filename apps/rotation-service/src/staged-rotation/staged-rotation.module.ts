import { Module } from '@nestjs/common';
import { RotationJobsRepository } from './rotation-jobs.repository';
import { StagedRotationRunner } from './staged-rotation.runner';

@Module({
  providers: [RotationJobsRepository, StagedRotationRunner],
  exports: [RotationJobsRepository, StagedRotationRunner],
})
export class StagedRotationModule {}
