import { Body, Controller, Get, Put } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, Roles } from '../platform/tenancy/principal';
import type { Principal } from '../platform/tenancy/principal';
import { Problem } from '../platform/api/problem';
import { hasControlChars } from '../platform/api/validation';
import { scaleView, type RatingLabels } from './rating-scale';
import { OrganizationSettingsDto, RatingScaleDto } from './dto/settings.dto';
import { OrganizationSettingsRepository } from './organization-settings.repository';
import type { Organization } from './organization.entity';
import { SettingsView } from './settings.view';
import { Authenticated } from '../platform/api/problems';

function settingsView(o: Organization): SettingsView {
  return {
    id: o.id,
    name: o.name,
    url: o.url,
    publicUrlTemplate: o.publicUrlTemplate,
    ratingScale: scaleView(o.ratingLabels),
  };
}

@ApiTags('settings')
@Authenticated()
@Controller('v1/settings')
export class SettingsController {
  constructor(private readonly orgs: OrganizationSettingsRepository) {}

  @Get()
  @ApiOperation({ summary: "The organization's settings and rating scale" })
  @ApiOkResponse({ type: SettingsView })
  async get(@CurrentPrincipal() p: Principal) {
    return settingsView(await this.orgs.get(p.organizationId));
  }

  @Put('rating-scale')
  @Roles('admin')
  @ApiOperation({ summary: 'Relabel and translate the rating scale (labels per language); keys and values are fixed' })
  @ApiOkResponse({ type: SettingsView })
  async ratingScale(@CurrentPrincipal() p: Principal, @Body() body: RatingScaleDto) {
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

  @Put('organization')
  @Roles('admin')
  @ApiOperation({ summary: 'Name, URL and public URL template of fact-check pages' })
  @ApiOkResponse({ type: SettingsView })
  async organization(@CurrentPrincipal() p: Principal, @Body() body: OrganizationSettingsDto) {
    return settingsView(
      await this.orgs.update(p.organizationId, {
        ...(body.name ? { name: body.name } : {}),
        ...(body.url !== undefined ? { url: body.url } : {}),
        ...(body.publicUrlTemplate !== undefined ? { publicUrlTemplate: body.publicUrlTemplate } : {}),
      }),
    );
  }
}
