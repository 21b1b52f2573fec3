import { Body, Controller, Get, Post, Query } from '@nestjs/common';
import { SourcesService } from './sources.service';
import { ApiBody, ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, Roles } from '../platform/tenancy/principal';
import type { Principal } from '../platform/tenancy/principal';
import { IngestDocumentsDto } from '../evidence/dto/ingest-documents.dto';
import { SearchDocumentsQuery } from '../evidence/dto/search-documents.query';
import { DocumentHitView, FactChecksImportView, ProviderView, UpsertCountsView } from '../evidence/sources.view';
import { ListOf, PageOf } from '../platform/api/page';
import type { Page } from '../platform/api/pagination';
import type { OpenAPIObject } from '@nestjs/swagger';
import { Authenticated } from '../platform/api/problems';

type SchemaObject = Exclude<NonNullable<NonNullable<OpenAPIObject['components']>['schemas']>[string], { $ref: string }>;

const ProvidersView = ListOf(ProviderView, 'ProviderList');

/** One schema.org ClaimReview (JSON-LD); the parser says which fields it needs. */
const CLAIM_REVIEW_ITEM: SchemaObject = {
  type: 'object',
  additionalProperties: true,
  properties: {
    '@context': { type: 'string' },
    '@type': { type: 'string', enum: ['ClaimReview'] },
    url: { type: 'string', format: 'uri' },
    claimReviewed: { type: 'string' },
    datePublished: { type: 'string' },
    inLanguage: { type: 'string' },
    author: { type: 'object', additionalProperties: true },
    reviewRating: {
      type: 'object',
      additionalProperties: true,
      properties: {
        alternateName: { type: 'string' },
        ratingValue: { type: 'number' },
        bestRating: { type: 'number' },
        worstRating: { type: 'number' },
      },
    },
  },
};
const FACT_CHECKS_BODY: SchemaObject = {
  oneOf: [
    CLAIM_REVIEW_ITEM,
    { type: 'array', minItems: 1, maxItems: 1000, items: CLAIM_REVIEW_ITEM },
    { type: 'object', required: ['@graph'], properties: { '@graph': { type: 'array', items: CLAIM_REVIEW_ITEM } } },
    {
      type: 'object',
      required: ['claimReviews'],
      properties: { claimReviews: { type: 'array', items: CLAIM_REVIEW_ITEM } },
    },
  ],
};

@ApiTags('sources')
@Authenticated()
@Controller('v1')
export class SourcesController {
  constructor(private readonly sources: SourcesService) {}

  @Post('sources/documents')
  @Roles('editor')
  @ApiCreatedResponse({ type: UpsertCountsView, description: 'Documents created and updated (upsert by url)' })
  ingest(@CurrentPrincipal() p: Principal, @Body() body: IngestDocumentsDto): Promise<UpsertCountsView> {
    return this.sources.ingest(p, body);
  }

  @Get('sources/documents')
  @Roles('editor')
  @ApiOkResponse({ type: PageOf(DocumentHitView), description: 'Best matches first (one page of at most limit)' })
  search(@CurrentPrincipal() p: Principal, @Query() q: SearchDocumentsQuery): Promise<Page<DocumentHitView>> {
    return this.sources.search(p, q);
  }

  @Post('sources/fact-checks')
  @Roles('editor')
  @ApiBody({
    description:
      "schema.org ClaimReview JSON-LD: one object, a list, an @graph or { claimReviews: [...] } (up to 1,000). An item with the URL of one of the desk's own published verdicts is skipped and listed in `skipped`.",
    schema: FACT_CHECKS_BODY,
  })
  @ApiCreatedResponse({ type: FactChecksImportView })
  importFactChecks(@CurrentPrincipal() p: Principal, @Body() body: unknown): Promise<FactChecksImportView> {
    return this.sources.importFactChecks(p, body);
  }

  @Get('providers')
  @Roles('editor')
  @ApiOkResponse({ type: ProvidersView })
  listProviders(@CurrentPrincipal() p: Principal): Promise<{ data: ProviderView[] }> {
    return this.sources.providersOf(p);
  }
}
