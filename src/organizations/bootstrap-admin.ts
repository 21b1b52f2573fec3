import { Inject, Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '../platform/config/config';
import { OrganizationsRepository } from './organizations.repository';

/** At start-up, when BOOTSTRAP_ADMIN_KEY is set, ensures that key exists as an admin key. */
@Injectable()
export class BootstrapAdmin implements OnApplicationBootstrap {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly orgs: OrganizationsRepository,
  ) {}

  async onApplicationBootstrap() {
    if (this.config.bootstrapAdminKey) await this.orgs.ensureBootstrapAdmin(this.config.bootstrapAdminKey);
  }
}
