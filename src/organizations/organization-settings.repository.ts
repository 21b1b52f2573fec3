import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { Organization } from './organization.entity';

/** Organization settings: name, url, public URL template, rating labels. */
@Injectable()
export class OrganizationSettingsRepository {
  constructor(@InjectDataSource() private readonly ds: DataSource) {}

  get(organizationId: string, manager: EntityManager = this.ds.manager): Promise<Organization> {
    return manager.getRepository(Organization).findOneByOrFail({ id: organizationId });
  }

  async update(
    organizationId: string,
    patch: Partial<Pick<Organization, 'name' | 'url' | 'publicUrlTemplate' | 'ratingLabels'>>,
  ): Promise<Organization> {
    if (Object.keys(patch).length) await this.ds.getRepository(Organization).update({ id: organizationId }, patch);
    return this.get(organizationId);
  }
}
