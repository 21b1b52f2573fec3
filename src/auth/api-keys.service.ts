import { Injectable } from '@nestjs/common';
import { decodeCursor, PageQuery, toPage } from '../platform/api/pagination';
import { Problem } from '../platform/api/problem';
import { NewsroomsRepository } from '../newsrooms/newsrooms.repository';
import type { Principal } from '../platform/tenancy/principal';
import { ApiKey } from './api-key.entity';
import { ApiKeysRepository } from './api-keys.repository';
import { ApiKeyView, CreatedApiKeyView } from './auth.views';
import { CreateApiKeyDto } from './dto/create-api-key.dto';

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

/** API keys of the organization: the rules of creation (a newsroom key names a newsroom of the organization). */
@Injectable()
export class ApiKeysService {
  constructor(
    private readonly keys: ApiKeysRepository,
    private readonly newsrooms: NewsroomsRepository,
  ) {}

  async create(p: Principal, body: CreateApiKeyDto): Promise<CreatedApiKeyView> {
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

  async list(p: Principal, q: PageQuery) {
    return toPage(await this.keys.list(p, decodeCursor(q.cursor), q.limit), q.limit, keyView);
  }

  async revoke(p: Principal, id: string): Promise<ApiKeyView> {
    const key = await this.keys.revoke(p, id);
    if (!key) throw Problem.notFound('API key');
    return keyView(key);
  }
}
