import { ApiProperty } from '@nestjs/swagger';

/** schema.org ClaimReview JSON-LD (spec section 3); further schema.org properties may appear. */
export class ClaimReviewView {
  @ApiProperty({ name: '@context', enum: ['https://schema.org'] }) '@context'!: string;
  @ApiProperty({ name: '@type', enum: ['ClaimReview'] }) '@type'!: string;
  @ApiProperty({ format: 'uri' }) url!: string;
  @ApiProperty({ maxLength: 75 }) claimReviewed!: string;
  @ApiProperty({ format: 'date-time' }) datePublished!: string;
  @ApiProperty({ required: false, format: 'date-time' }) dateModified?: string;
  @ApiProperty({ required: false }) headline?: string;
  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    description: 'The organization: { @type: Organization, name, url }',
  })
  author!: Record<string, unknown>;
  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    description: 'Claim: author, datePublished, appearance, firstAppearance',
  })
  itemReviewed!: Record<string, unknown>;
  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    description: 'Rating: alternateName (always), ratingValue/bestRating/worstRating where numeric, ratingExplanation',
  })
  reviewRating!: Record<string, unknown>;
  @ApiProperty() inLanguage!: string;
}
