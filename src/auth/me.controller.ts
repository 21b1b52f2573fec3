import { Controller, Get } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal } from '../platform/tenancy/principal';
import type { Principal } from '../platform/tenancy/principal';
import { MeView } from './auth.views';
import { Authenticated } from '../platform/api/problems';

@ApiTags('auth')
@Authenticated()
@Controller('v1/me')
export class MeController {
  /** Who this key is. */
  @Get()
  @ApiOkResponse({ type: MeView })
  me(@CurrentPrincipal() p: Principal): MeView {
    return {
      keyId: p.keyId,
      id: p.keyId,
      role: p.role,
      organizationId: p.organizationId,
      newsroomId: p.newsroomId,
      languages: p.languages,
    };
  }
}
