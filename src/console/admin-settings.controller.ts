import { Body, Controller, Get, HttpCode, Post, Req, Res, UseFilters } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { SourcesService } from '../research/sources.service';
import { OrganizationSettingsDto, RatingScaleDto } from '../organizations/dto/settings.dto';
import { DEFAULT_SCALE } from '../organizations/rating-scale';
import { SettingsService } from '../organizations/settings.service';
import type { FieldError } from '../platform/api/problem';
import { Problem } from '../platform/api/problem';
import { validateDto } from '../platform/api/validation';
import { Roles } from '../platform/tenancy/principal';
import { ConsoleErrorsFilter } from './console-errors.filter';
import { consoleLanguage, type ConsoleRequest } from './console-request';
import { ConsoleViews } from './console-views';

type Req = Parameters<typeof consoleLanguage>[0] & ConsoleRequest;
type Form = Record<string, string | string[] | undefined>;
const one = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v);
const opt = (v: string | undefined) => (v && v.trim() ? v.trim() : undefined);

/**
 * Admin → settings: the organization (name, URLs), the rating scale's labels in French and English,
 * the evidence providers with their recent health. The REST controllers' handlers do the work
 * (`PUT /v1/settings/organization`, `PUT /v1/settings/rating-scale`, `GET /v1/providers`).
 */
@ApiExcludeController()
@UseFilters(ConsoleErrorsFilter)
@Roles('admin')
@Controller('console/admin/settings')
export class AdminSettingsController {
  constructor(
    private readonly views: ConsoleViews,
    private readonly settings: SettingsService,
    private readonly sources: SourcesService,
  ) {}

  @Get()
  page(@Req() req: Req, @Res({ passthrough: true }) reply: FastifyReply) {
    return this.render(req, reply, {});
  }

  @Post('organization')
  @HttpCode(200)
  async organization(@Req() req: Req, @Body() form: Form, @Res({ passthrough: true }) reply: FastifyReply) {
    const input = {
      name: opt(one(form?.name)),
      url: opt(one(form?.url)) ?? null,
      publicUrlTemplate: opt(one(form?.publicUrlTemplate)) ?? null,
    };
    const { value, errors } = await validateDto(OrganizationSettingsDto, input);
    if (errors) return this.render(req, reply.status(400), { errors, which: 'organization' });
    await this.settings.organization(req.principal!, value!);
    return this.render(req, reply, { notice: 'saved' });
  }

  @Post('rating-scale')
  @HttpCode(200)
  async ratingScale(@Req() req: Req, @Body() form: Form, @Res({ passthrough: true }) reply: FastifyReply) {
    const ratings = DEFAULT_SCALE.map((r) => ({
      key: r.key,
      labels: Object.fromEntries(
        (['en', 'fr'] as const).flatMap((l) => {
          const label = opt(one(form?.[`${r.key}.${l}`]));
          return label ? [[l, label]] : [];
        }),
      ),
    })).filter((r) => Object.keys(r.labels).length);
    const { value, errors } = await validateDto(RatingScaleDto, { ratings });
    if (errors) return this.render(req, reply.status(400), { errors, which: 'scale' });
    try {
      await this.settings.ratingScale(req.principal!, value!);
    } catch (err) {
      if (!(err instanceof Problem) || err.getStatus() !== 400) throw err;
      return this.render(req, reply.status(400), { errors: err.errors ?? [], which: 'scale' });
    }
    return this.render(req, reply, { notice: 'saved' });
  }

  private async render(
    req: Req,
    reply: FastifyReply,
    data: { errors?: FieldError[]; which?: 'organization' | 'scale'; notice?: 'saved' },
  ) {
    const p = req.principal!;
    const ctx = this.views.context(consoleLanguage(req), req.consoleSession!, '/console/admin/settings');
    const [settings, providers] = await Promise.all([this.settings.get(p), this.sources.providersOf(p)]);
    reply.type('text/html; charset=utf-8');
    return this.views.render('settings', ctx, {
      settings,
      providers: providers.data,
      errors: [],
      which: null,
      ...data,
      notice: data.notice ? ctx.t('settingsSaved') : null,
    });
  }
}
