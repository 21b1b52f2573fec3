import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module';
import { OrganizationsRepository } from './organizations.repository';
import { BootstrapAdmin } from './bootstrap-admin';

@Module({
  imports: [AuthModule],
  providers: [OrganizationsRepository, BootstrapAdmin],
  exports: [OrganizationsRepository],
})
export class OrganizationsModule {}
