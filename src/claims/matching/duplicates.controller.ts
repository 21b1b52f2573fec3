import { Body, Controller, HttpCode, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { CurrentPrincipal, Roles } from '../../auth/principal';
import type { Principal } from '../../auth/principal';
import { Problem } from '../../common/problem';
import { OutboxService } from '../../outbox/outbox.service';
import { claimView } from '../claim.view';
import { ClaimsRepository } from '../claims.repository';
import { UnlinkDuplicateDto } from './dto/unlink-duplicate.dto';
import { MatchingRepository } from './matching.repository';
import { ClaimView } from '../claim.view';
import { ApiProblem } from '../../common/api/problems';
import { Authenticated } from '../../common/api/problems';

@ApiTags('claims')
@Authenticated()
@Controller('v1/claims')
export class DuplicatesController {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly claims: ClaimsRepository,
    private readonly matching: MatchingRepository,
    private readonly outbox: OutboxService,
  ) {}

  /** An editor undoes a wrong duplicate link: the claim becomes `received` and its research starts (`claim.received`). */
  @Post(':id/unlink-duplicate')
  @HttpCode(200)
  @Roles('editor')
  @ApiProblem(409, 'The claim is not a duplicate')
  @ApiOkResponse({ type: ClaimView, description: 'The claim, now received; 409 when it is not a duplicate' })
  async unlink(@CurrentPrincipal() p: Principal, @Param('id', new ParseUUIDPipe()) id: string, @Body() body: UnlinkDuplicateDto): Promise<ClaimView> {
    return this.ds.transaction(async (m) => {
      if (!(await this.claims.find(p, id, m))) throw Problem.notFound('Claim');
      const unlinked = await this.matching.unlink(m, p.organizationId, id);
      if (!unlinked) throw Problem.conflict('The claim is not a duplicate', 'not-a-duplicate');
      await this.claims.addHistory(m, { organizationId: p.organizationId, claimId: id, action: 'duplicate_unlinked', fromStatus: 'duplicate', toStatus: 'received', actorKeyId: p.keyId, reason: body.reason ?? null, details: { duplicateOf: unlinked.duplicateOfId } });
      const view = claimView((await this.claims.find(p, id, m))!);
      await this.outbox.record(m, { organizationId: p.organizationId, type: 'claim.received', claimId: id, data: { claim: view, unlinkedFrom: unlinked.duplicateOfId } });
      return view;
    });
  }
}
