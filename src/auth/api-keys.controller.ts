import { Body, Controller, Delete, Get, HttpCode, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { decodeCursor, PageQuery, toPage } from '../platform/api/pagination';
import { Problem } from '../platform/api/problem';
import { NewsroomsRepository } from '../newsrooms/newsrooms.repository';
import { ApiKey } from './api-key.entity';
import { ApiKeysRepository } from './api-keys.repository';
import { CreateApiKeyDto } from './dto/create-api-key.dto';
import { CurrentPrincipal, Roles } from '../platform/tenancy/principal';
import type { Principal } from '../platform/tenancy/principal';
import { ApiKeyView, CreatedApiKeyView } from './auth.views';
import { PageOf } from '../platform/api/page';
import { Authenticated } from '../platform/api/problems';

export const keyView = (k: ApiKey): ApiKeyView => ({
  id: k.id,
  name: k.name,
  role: k.role,
  newsroomId: k.newsroomId,
  languages: k.languages,
  prefix: k.prefix,
  createdAt: k.createdAt.toISOString(),
  revokedAt: k.revokedAt ? k.revokedAt.toISOString() : null,
});

@ApiTags('api-keys')
@Authenticated()
@Controller('v1/api-keys')
@Roles('admin')
export class ApiKeysController {
  constructor(
    private readonly keys: ApiKeysRepository,
    private readonly newsrooms: NewsroomsRepository,
  ) {}

  /** Creates a key. The secret is in this response only; it is stored as a hash. */
  @Post()
  @HttpCode(201)
  @ApiCreatedResponse({ type: CreatedApiKeyView, description: 'The key with its secret `key`, shown this once' })
  async create(@CurrentPrincipal() p: Principal, @Body() body: CreateApiKeyDto): Promise<CreatedApiKeyView> {
    if (body.role === 'newsroom' && !body.newsroomId)
      throw Problem.badRequest('newsroomId is required for the newsroom role', [
        { path: 'newsroomId', message: 'newsroomId is required for the newsroom role' },
      ]);
    if (body.role !== 'newsroom' && body.newsroomId)
      throw Problem.badRequest('newsroomId is only for the newsroom role', [
        { path: 'newsroomId', message: 'newsroomId is only for the newsroom role' },
      ]);
    if (body.newsroomId && !(await this.newsrooms.find(p, body.newsroomId)))
      throw Problem.badRequest('newsroomId does not name a newsroom of this organization', [
        { path: 'newsroomId', message: 'unknown newsroom' },
      ]);
    const { key, secret } = await this.keys.create(p.organizationId, body);
    return { ...keyView(key), key: secret };
  }

  @Get()
  @ApiOkResponse({ type: PageOf(ApiKeyView) })
  async list(@CurrentPrincipal() p: Principal, @Query() q: PageQuery) {
    return toPage(await this.keys.list(p, decodeCursor(q.cursor), q.limit), q.limit, keyView);
  }

  @Delete(':id')
  @ApiOkResponse({ type: ApiKeyView, description: 'The key, revoked' })
  async revoke(@CurrentPrincipal() p: Principal, @Param('id', new ParseUUIDPipe()) id: string) {
    const key = await this.keys.revoke(p, id);
    if (!key) throw Problem.notFound('API key');
    return keyView(key);
  }
}
