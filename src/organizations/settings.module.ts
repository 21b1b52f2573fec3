import { Module } from '@nestjs/common';
import { OrganizationSettingsRepository } from './organization-settings.repository';
import { SettingsController } from './settings.controller';

/** HTTP settings of the organization: name, URL, public URL template, rating scale labels. */
@Module({ controllers: [SettingsController], providers: [OrganizationSettingsRepository] })
export class SettingsModule {}
