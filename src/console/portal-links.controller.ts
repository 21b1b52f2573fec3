import {
  Body,
  Controller,
  Get,
  HttpCode,
  Inject,
  Param,
  ParseUUIDPipe,
  Post,
  Req,
  Res,
  UseFilters,
} from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { NewsroomsRepository } from '../newsrooms/newsrooms.repository';
import { PortalLinksService } from '../people/portal-links.service';
import type { FieldError } from '../platform/api/problem';
import { Problem } from '../platform/api/problem';
import { APP_CONFIG, type AppConfig } from '../platform/config/config';
import { Roles } from '../platform/tenancy/principal';
import { ConsoleErrorsFilter } from './console-errors.filter';
import { consoleLanguage, type ConsoleRequest, publicBase } from './console-request';
import { ConsoleViews } from './console-views';

type Req = Parameters<typeof consoleLanguage>[0] & ConsoleRequest;
type Form = Record<string, string | string[] | undefined>;
const one = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v);

/** The expiries offered in the form, in minutes. */
export const PORTAL_LINK_EXPIRIES = [15, 60, 240, 1440, 4320];

/**
 * Portal links (editors and admins): issue a short-lived, single-use sign-in link to a newsroom's
 * portal (shown once), list them with their state, revoke them (PortalLinksService).
 */
@ApiExcludeController()
@UseFilters(ConsoleErrorsFilter)
@Roles('editor')
@Controller('console/portal-links')
export class PortalLinksController {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly views: ConsoleViews,
    private readonly links: PortalLinksService,
    private readonly newsrooms: NewsroomsRepository,
  ) {}

  @Get()
  page(@Req() req: Req, @Res({ passthrough: true }) reply: FastifyReply) {
    return this.render(req, reply, {});
  }

  @Post()
  @HttpCode(200)
  async issue(@Req() req: Req, @Body() form: Form, @Res({ passthrough: true }) reply: FastifyReply) {
    try {
      const issued = await this.links.issue(
        req.principal!,
        {
          newsroomId: one(form?.newsroomId),
          label: one(form?.label),
          expiresInMinutes: one(form?.expiresInMinutes),
          readOnly: one(form?.readOnly),
          language: one(form?.language),
        },
        publicBase(this.config, req),
      );
      return this.render(req, reply.status(201), { issued });
    } catch (err) {
      if (!(err instanceof Problem) || err.getStatus() !== 400) throw err;
      return this.render(req, reply.status(400), { errors: err.errors ?? [] });
    }
  }

  @Post(':id/revoke')
  @HttpCode(200)
  async revoke(
    @Req() req: Req,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const link = await this.links.revoke(req.principal!, id);
    return this.render(req, reply, { revoked: link.label });
  }

  private async render(req: Req, reply: FastifyReply, data: { errors?: FieldError[]; [k: string]: unknown }) {
    const ctx = this.views.context(consoleLanguage(req), req.consoleSession!, req.url);
    const [links, newsrooms] = await Promise.all([
      this.links.list(req.principal!),
      this.newsrooms.list(req.principal!, null, 200),
    ]);
    reply.type('text/html; charset=utf-8');
    return this.views.render('portal-links', ctx, {
      links,
      newsrooms: newsrooms.slice(0, 200),
      expiries: PORTAL_LINK_EXPIRIES,
      errors: [],
      ...data,
    });
  }
}
