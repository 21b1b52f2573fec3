import { Controller, Get } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal } from './principal';
import type { Principal } from './principal';

@ApiTags('auth')
@ApiBearerAuth()
@Controller('v1/me')
export class MeController {
  /** Who this key is. */
  @Get()
  me(@CurrentPrincipal() p: Principal) {
    return { keyId: p.keyId, id: p.keyId, role: p.role, organizationId: p.organizationId, newsroomId: p.newsroomId, languages: p.languages };
  }
}
