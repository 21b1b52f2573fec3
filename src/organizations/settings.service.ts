import { Injectable } from '@nestjs/common';
import type { Principal } from '../platform/tenancy/principal';
import { Problem } from '../platform/api/problem';
import { hasControlChars } from '../platform/api/validation';
import { scaleView, type RatingLabels } from './rating-scale';
import { OrganizationSettingsDto, RatingScaleDto } from './dto/settings.dto';
import { OrganizationSettingsRepository } from './organization-settings.repository';
import type { Organization } from './organization.entity';
import { SettingsView } from './settings.view';

function settingsView(o: Organization): SettingsView {
  return {
    id: o.id,
    name: o.name,
    url: o.url,
    publicUrlTemplate: o.publicUrlTemplate,
    ratingScale: scaleView(o.ratingLabels),
  };
}

/** The organization's settings: its name and URLs, and the labels of its rating scale. */
@Injectable()
export class SettingsService {
  constructor(private readonly orgs: OrganizationSettingsRepository) {}

  async get(p: Principal): Promise<SettingsView> {
    return settingsView(await this.orgs.get(p.organizationId));
  }

  async ratingScale(p: Principal, body: RatingScaleDto): Promise<SettingsView> {
    const labels: RatingLabels = {};
    body.ratings.forEach((r, i) => {
      const entries = Object.entries(r.labels ?? {});
      const bad = entries.filter(
        ([lang, label]) =>
          !/^[a-z]{2,3}$/.test(lang) ||
          typeof label !== 'string' ||
          !label.trim() ||
          label.length > 100 ||
          hasControlChars(label),
      );
      if (!entries.length || bad.length)
        throw Problem.badRequest('Invalid labels', [
          { path: `ratings.${i}.labels`, message: 'labels must map ISO 639 codes to labels of 1 to 100 characters' },
        ]);
      labels[r.key] = Object.fromEntries(entries.map(([l, s]) => [l, s.trim()]));
    });
    return settingsView(await this.orgs.update(p.organizationId, { ratingLabels: labels }));
  }

  async organization(p: Principal, body: OrganizationSettingsDto): Promise<SettingsView> {
    return settingsView(
      await this.orgs.update(p.organizationId, {
        ...(body.name ? { name: body.name } : {}),
        ...(body.url !== undefined ? { url: body.url } : {}),
        ...(body.publicUrlTemplate !== undefined ? { publicUrlTemplate: body.publicUrlTemplate } : {}),
      }),
    );
  }
}
