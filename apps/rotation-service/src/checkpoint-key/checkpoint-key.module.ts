import { Module } from '@nestjs/common';
import { StagedRotationModule } from '../staged-rotation/staged-rotation.module';
import { CheckpointKeyRotation } from './checkpoint-key.rotation';

@Module({
  imports: [StagedRotationModule],
  providers: [CheckpointKeyRotation],
  exports: [CheckpointKeyRotation],
})
export class CheckpointKeyModule {}
