import { Body, Controller, Delete, Get, HttpCode, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { PageQuery } from '../platform/api/pagination';
import { CurrentPrincipal, Roles } from '../platform/tenancy/principal';
import type { Principal } from '../platform/tenancy/principal';
import { PageOf } from '../platform/api/page';
import { Authenticated } from '../platform/api/problems';
import { ApiKeysService } from './api-keys.service';
import { ApiKeyView, CreatedApiKeyView } from './auth.views';
import { CreateApiKeyDto } from './dto/create-api-key.dto';

@ApiTags('api-keys')
@Authenticated()
@Controller('v1/api-keys')
@Roles('admin')
export class ApiKeysController {
  constructor(private readonly keys: ApiKeysService) {}

  /** Creates a key. The secret is in this response only; it is stored as a hash. */
  @Post()
  @HttpCode(201)
  @ApiCreatedResponse({ type: CreatedApiKeyView, description: 'The key with its secret `key`, shown this once' })
  create(@CurrentPrincipal() p: Principal, @Body() body: CreateApiKeyDto): Promise<CreatedApiKeyView> {
    return this.keys.create(p, body);
  }

  @Get()
  @ApiOkResponse({ type: PageOf(ApiKeyView) })
  list(@CurrentPrincipal() p: Principal, @Query() q: PageQuery) {
    return this.keys.list(p, q);
  }

  @Delete(':id')
  @ApiOkResponse({ type: ApiKeyView, description: 'The key, revoked' })
  revoke(@CurrentPrincipal() p: Principal, @Param('id', new ParseUUIDPipe()) id: string) {
    return this.keys.revoke(p, id);
  }
}
