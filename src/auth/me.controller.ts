import { Controller, Get } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal } from './principal';
import type { Principal } from './principal';
import { MeView } from '../common/api/views';

@ApiTags('auth')
@ApiBearerAuth()
@Controller('v1/me')
export class MeController {
  /** Who this key is. */
  @Get()
  @ApiOkResponse({ type: MeView })
  me(@CurrentPrincipal() p: Principal): MeView {
    return { keyId: p.keyId, id: p.keyId, role: p.role, organizationId: p.organizationId, newsroomId: p.newsroomId, languages: p.languages };
  }
}
