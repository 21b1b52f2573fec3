import { Body, Controller, Get, HttpCode, Inject, Post, Req, Res, UseFilters } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { APP_CONFIG, type AppConfig } from '../platform/config/config';
import { SsoService } from '../people/sso/sso.service';
import { SourcesService } from '../research/sources.service';
import { OrganizationSettingsDto, RatingScaleDto } from '../organizations/dto/settings.dto';
import { DEFAULT_SCALE } from '../organizations/rating-scale';
import { SettingsService } from '../organizations/settings.service';
import type { FieldError } from '../platform/api/problem';
import { Problem } from '../platform/api/problem';
import { validateDto } from '../platform/api/validation';
import { Roles } from '../platform/tenancy/principal';
import { defaultUrlTemplate } from '../verdicts/claim-review';
import { ConsoleErrorsFilter } from './console-errors.filter';
import { consoleLanguage, type ConsoleRequest, publicBase } from './console-request';
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
    private readonly sso: SsoService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
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

  /** Single sign-on: saved only once the provider's discovery document answers. */
  @Post('sso')
  @HttpCode(200)
  async saveSso(@Req() req: Req, @Body() form: Form, @Res({ passthrough: true }) reply: FastifyReply) {
    const role = one(form?.joinRole);
    const input = {
      issuer: (one(form?.issuer) ?? '').trim(),
      clientId: (one(form?.clientId) ?? '').trim(),
      clientSecret: opt(one(form?.clientSecret)),
      clearSecret: one(form?.clearSecret) === 'on',
      domains: (one(form?.domains) ?? '').split(/[\s,;]+/),
      joinRole: role === 'editor' ? ('editor' as const) : ('checker' as const),
      passwordSignIn: one(form?.passwordSignIn) === 'on',
      enabled: one(form?.enabled) === 'on',
    };
    const errors = await this.sso.configure(req.principal!, input);
    if (errors.length) return this.render(req, reply.status(400), { errors, which: 'sso', ssoForm: input });
    return this.render(req, reply, { notice: 'ssoSaved' });
  }

  @Post('sso/remove')
  @HttpCode(200)
  async removeSso(@Req() req: Req, @Res({ passthrough: true }) reply: FastifyReply) {
    await this.sso.remove(req.principal!);
    return this.render(req, reply, { notice: 'ssoRemoved' });
  }

  private async render(
    req: Req,
    reply: FastifyReply,
    data: {
      errors?: FieldError[];
      which?: 'organization' | 'scale' | 'sso';
      notice?: 'saved' | 'ssoSaved' | 'ssoRemoved';
      ssoForm?: {
        issuer: string;
        clientId: string;
        domains: string[];
        joinRole: string;
        passwordSignIn: boolean;
        enabled: boolean;
      };
    },
  ) {
    const p = req.principal!;
    const ctx = this.views.context(consoleLanguage(req), req.consoleSession!, '/console/admin/settings');
    const [settings, providers, sso] = await Promise.all([
      this.settings.get(p),
      this.sources.providersOf(p),
      this.sso.settings(p),
    ]);
    reply.type('text/html; charset=utf-8');
    const base = publicBase(this.config, req);
    return this.views.render('settings', ctx, {
      settings,
      defaultUrlTemplate: defaultUrlTemplate(this.config),
      providers: providers.data,
      errors: [],
      which: null,
      ...data,
      sso: data.ssoForm
        ? { ...data.ssoForm, hasClientSecret: !!sso?.hasClientSecret, configured: !!sso }
        : sso
          ? { ...sso, configured: true }
          : {
              issuer: '',
              clientId: '',
              domains: [],
              joinRole: 'checker',
              passwordSignIn: true,
              enabled: true,
              hasClientSecret: false,
              configured: false,
            },
      redirectUri: `${base}/console/sso/callback`,
      notice: data.notice ? ctx.t(data.notice === 'saved' ? 'settingsSaved' : data.notice) : null,
    });
  }
}
