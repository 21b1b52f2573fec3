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
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Roles } from '../platform/tenancy/principal';
import { Problem } from '../platform/api/problem';
import { APP_CONFIG, type AppConfig } from '../platform/config/config';
import { type IssuedLink, PeopleService } from '../people/people.service';
import { newsroomView } from '../newsrooms/newsroom.view';
import { NewsroomsRepository } from '../newsrooms/newsrooms.repository';
import { ConsoleErrorsFilter } from './console-errors.filter';
import { consoleLanguage, type ConsoleRequest, publicBase } from './console-request';
import { ConsoleViews } from './console-views';

type Req = FastifyRequest & ConsoleRequest;
type Form = Record<string, string | string[] | undefined>;
const one = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v);

/** Admin → People: invite, change a role, deactivate, issue a reset link (PeopleService, admins only). */
@ApiExcludeController()
@UseFilters(ConsoleErrorsFilter)
@Roles('admin')
@Controller('console/admin/people')
export class AdminPeopleController {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly views: ConsoleViews,
    private readonly people: PeopleService,
    private readonly newsrooms: NewsroomsRepository,
  ) {}

  @Get()
  page(@Req() req: Req, @Res({ passthrough: true }) reply: FastifyReply) {
    return this.render(req, reply, {});
  }

  @Post()
  @HttpCode(200)
  async invite(@Req() req: Req, @Body() form: Form, @Res({ passthrough: true }) reply: FastifyReply) {
    const input = {
      email: one(form?.email),
      displayName: one(form?.displayName),
      role: one(form?.role),
      language: one(form?.language),
      newsroomId: one(form?.newsroomId) || undefined,
    };
    try {
      const link = await this.people.invite(req.principal!, input, publicBase(this.config, req));
      reply.status(201);
      return this.render(req, reply, { issued: { kind: 'invited', link } });
    } catch (err) {
      if (!(err instanceof Problem) || err.getStatus() !== 400) throw err;
      reply.status(400);
      return this.render(req, reply, { errors: err.errors ?? [{ path: 'email', message: err.detail }], input });
    }
  }

  @Post(':id/role')
  @HttpCode(200)
  async role(
    @Req() req: Req,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() form: Form,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const person = await this.people.update(req.principal!, id, { role: one(form?.role) });
    const ctx = this.views.context(consoleLanguage(req), req.consoleSession!, req.url);
    return this.render(req, reply, { notice: ctx.t('roleChanged', { name: person.displayName, role: person.role }) });
  }

  @Post(':id/deactivate')
  @HttpCode(200)
  async deactivate(
    @Req() req: Req,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const person = await this.people.deactivate(req.principal!, id);
    const ctx = this.views.context(consoleLanguage(req), req.consoleSession!, req.url);
    return this.render(req, reply, { notice: ctx.t('deactivated', { name: person.displayName }) });
  }

  @Post(':id/reset-link')
  @HttpCode(200)
  async resetLink(
    @Req() req: Req,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const link = await this.people.resetLink(req.principal!, id, publicBase(this.config, req));
    return this.render(req, reply, { issued: { kind: 'resetIssued', link } });
  }

  private async render(
    req: Req,
    reply: FastifyReply,
    data: {
      issued?: { kind: 'invited' | 'resetIssued'; link: IssuedLink };
      errors?: unknown[];
      input?: unknown;
      notice?: string;
    },
  ) {
    const ctx = this.views.context(consoleLanguage(req), req.consoleSession!, '/console/admin/people');
    const [people, newsrooms] = await Promise.all([
      this.people.list(req.principal!),
      this.newsrooms.list(req.principal!, null, 200),
    ]);
    reply.type('text/html; charset=utf-8');
    return this.views.render('people', ctx, {
      people,
      newsrooms: newsrooms.slice(0, 200).map(newsroomView),
      errors: [],
      input: {},
      issued: null,
      notice: null,
      ...data,
    });
  }
}
