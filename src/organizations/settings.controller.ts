import { Body, Controller, Get, Put } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, Roles } from '../platform/tenancy/principal';
import type { Principal } from '../platform/tenancy/principal';
import { Authenticated } from '../platform/api/problems';
import { OrganizationSettingsDto, RatingScaleDto } from './dto/settings.dto';
import { SettingsService } from './settings.service';
import { SettingsView } from './settings.view';

@ApiTags('settings')
@Authenticated()
@Controller('v1/settings')
export class SettingsController {
  constructor(private readonly settings: SettingsService) {}

  @Get()
  @ApiOperation({ summary: "The organization's settings and rating scale" })
  @ApiOkResponse({ type: SettingsView })
  get(@CurrentPrincipal() p: Principal) {
    return this.settings.get(p);
  }

  @Put('rating-scale')
  @Roles('admin')
  @ApiOperation({ summary: 'Relabel and translate the rating scale (labels per language); keys and values are fixed' })
  @ApiOkResponse({ type: SettingsView })
  ratingScale(@CurrentPrincipal() p: Principal, @Body() body: RatingScaleDto) {
    return this.settings.ratingScale(p, body);
  }

  @Put('organization')
  @Roles('admin')
  @ApiOperation({ summary: 'Name, URL and public URL template of fact-check pages' })
  @ApiOkResponse({ type: SettingsView })
  organization(@CurrentPrincipal() p: Principal, @Body() body: OrganizationSettingsDto) {
    return this.settings.organization(p, body);
  }
}
