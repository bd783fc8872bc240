import { Module } from '@nestjs/common';
import { RuntimeSettingsHolder } from './runtime-settings.holder';
import { SettingsHandler } from './settings.handler';
import { SettingsRepository } from './settings.repository';
import { SettingsService } from './settings.service';

/** Runtime settings: owned here (event-sourced stream + outbox), followed by every replica. */
@Module({
  controllers: [SettingsHandler],
  providers: [SettingsService, SettingsRepository, RuntimeSettingsHolder],
  exports: [RuntimeSettingsHolder],
})
export class SettingsModule {}
