import { Body, Controller, HttpCode, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, Roles } from '../../platform/tenancy/principal';
import type { Principal } from '../../platform/tenancy/principal';
import { ApiProblem } from '../../platform/api/problems';
import { Authenticated } from '../../platform/api/problems';
import { ClaimView } from '../claim.view';
import { ClaimsService } from '../claims.service';
import { UnlinkDuplicateDto } from './dto/unlink-duplicate.dto';

@ApiTags('claims')
@Authenticated()
@Controller('v1/claims')
export class DuplicatesController {
  constructor(private readonly claims: ClaimsService) {}

  /** An editor undoes a wrong duplicate link: the claim becomes `received` and its research starts (`claim.received`). */
  @Post(':id/unlink-duplicate')
  @HttpCode(200)
  @Roles('editor')
  @ApiProblem(409, 'The claim is not a duplicate')
  @ApiOkResponse({ type: ClaimView, description: 'The claim, now received; 409 when it is not a duplicate' })
  unlink(
    @CurrentPrincipal() p: Principal,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() body: UnlinkDuplicateDto,
  ): Promise<ClaimView> {
    return this.claims.unlinkDuplicate(p, id, body.reason ?? null);
  }
}
