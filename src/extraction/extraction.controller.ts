import { Body, Controller, Headers, Post, Res } from '@nestjs/common';
import { ApiAcceptedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { CurrentPrincipal, Roles } from '../platform/tenancy/principal';
import type { Principal } from '../platform/tenancy/principal';
import { ExtractDto } from './dto/extract.dto';
import { ExtractionService } from './extraction.service';
import { ExtractionView } from './extraction.view';
import { Authenticated, Idempotent } from '../platform/api/problems';

@ApiTags('extractions')
@Authenticated()
@Controller('v1/extractions')
export class ExtractionController {
  constructor(private readonly service: ExtractionService) {}

  @Post()
  @Roles('newsroom', 'editor')
  @Idempotent(
    'With submit: true, retrying with the same key and body returns the original response; another body gets 422',
  )
  @ApiOkResponse({
    type: ExtractionView,
    description: 'Sentences with offsets, check-worthiness scores and features, and the candidate claims',
  })
  @ApiAcceptedResponse({
    type: ExtractionView,
    description: 'With submit: true: the same, each candidate with the claim it became',
  })
  async extract(
    @CurrentPrincipal() p: Principal,
    @Body() body: ExtractDto,
    @Headers('idempotency-key') key: string | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const res = await this.service.extract(p, body, key, reply);
    if (res.replayed) reply.header('idempotent-replayed', 'true');
    reply.status(res.status);
    return res.body;
  }
}
