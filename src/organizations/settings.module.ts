import { Module } from '@nestjs/common';
import { OrganizationSettingsRepository } from './organization-settings.repository';
import { SettingsController } from './settings.controller';
import { SettingsService } from './settings.service';

/** HTTP settings of the organization: name, URL, public URL template, rating scale labels. */
@Module({
  controllers: [SettingsController],
  providers: [OrganizationSettingsRepository, SettingsService],
  exports: [SettingsService],
})
export class SettingsModule {}
