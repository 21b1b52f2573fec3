import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Req, Res, UseFilters } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { ApiKeysService } from '../auth/api-keys.service';
import { CreateApiKeyDto } from '../auth/dto/create-api-key.dto';
import { CreateNewsroomDto } from '../newsrooms/dto/create-newsroom.dto';
import { newsroomView } from '../newsrooms/newsroom.view';
import { NewsroomsRepository } from '../newsrooms/newsrooms.repository';
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

/**
 * Admin → API keys and newsrooms. The handlers of the REST controllers themselves do the work
 * (their checks: newsroom role needs a newsroom of the organization, names unique), after the
 * same DTO validation the API's pipe applies; this controller only turns forms into DTOs and
 * results into the page.
 */
@ApiExcludeController()
@UseFilters(ConsoleErrorsFilter)
@Roles('admin')
@Controller('console/admin/access')
export class AdminAccessController {
  constructor(
    private readonly views: ConsoleViews,
    private readonly keys: ApiKeysService,
    private readonly newsrooms: NewsroomsRepository,
  ) {}

  @Get()
  page(@Req() req: Req, @Res({ passthrough: true }) reply: FastifyReply) {
    return this.render(req, reply, {});
  }

  @Post('keys')
  @HttpCode(200)
  async createKey(@Req() req: Req, @Body() form: Form, @Res({ passthrough: true }) reply: FastifyReply) {
    const input = {
      name: one(form?.name),
      role: one(form?.role),
      newsroomId: one(form?.newsroomId) || undefined,
      languages: (one(form?.languages) ?? '')
        .split(/[,\s]+/)
        .map((l) => l.trim().toLowerCase())
        .filter(Boolean),
    };
    const { value, errors } = await validateDto(CreateApiKeyDto, input);
    if (errors) return this.render(req, reply.status(400), { errors, which: 'key' });
    try {
      const created = await this.keys.create(req.principal!, value!);
      return this.render(req, reply.status(201), { createdKey: created });
    } catch (err) {
      if (!(err instanceof Problem) || err.getStatus() !== 400) throw err;
      return this.render(req, reply.status(400), { errors: err.errors ?? [], which: 'key' });
    }
  }

  @Post('keys/:id/revoke')
  @HttpCode(200)
  async revokeKey(
    @Req() req: Req,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const key = await this.keys.revoke(req.principal!, id);
    return this.render(req, reply, { revoked: key.name });
  }

  @Post('newsrooms')
  @HttpCode(200)
  async createNewsroom(@Req() req: Req, @Body() form: Form, @Res({ passthrough: true }) reply: FastifyReply) {
    const { value, errors } = await validateDto(CreateNewsroomDto, {
      name: one(form?.name),
      url: one(form?.url) || undefined,
    });
    if (errors) return this.render(req, reply.status(400), { errors, which: 'newsroom' });
    try {
      const n = await this.newsrooms.create(req.principal!, value!);
      return this.render(req, reply.status(201), { createdNewsroom: n.name });
    } catch (err) {
      if (!(err instanceof Problem) || err.getStatus() !== 409) throw err;
      return this.render(req, reply.status(409), {
        errors: [{ path: 'name', message: err.detail }],
        which: 'newsroom',
      });
    }
  }

  private async render(
    req: Req,
    reply: FastifyReply,
    data: {
      errors?: FieldError[];
      which?: 'key' | 'newsroom';
      createdKey?: { name: string; key: string };
      createdNewsroom?: string;
      revoked?: string;
    },
  ) {
    const p = req.principal!;
    const ctx = this.views.context(consoleLanguage(req), req.consoleSession!, '/console/admin/access');
    const [keys, newsrooms] = await Promise.all([this.keys.list(p, { limit: 100 }), this.newsrooms.list(p, null, 100)]);
    reply.type('text/html; charset=utf-8');
    return this.views.render('access', ctx, {
      keys: keys.data,
      newsrooms: newsrooms.slice(0, 100).map(newsroomView),
      errors: [],
      which: null,
      createdKey: null,
      createdNewsroom: null,
      revoked: null,
      ...data,
    });
  }
}
