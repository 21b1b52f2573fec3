import { ApiProperty } from '@nestjs/swagger';

export class RatingView {
  @ApiProperty({ example: 'false' }) key!: string;
  @ApiProperty({
    type: 'integer',
    nullable: true,
    description: 'ClaimReview ratingValue; null for misleading and unverifiable',
  })
  ratingValue!: number | null;
  @ApiProperty({ type: 'object', additionalProperties: { type: 'string' }, description: 'Label per ISO 639 code' })
  labels!: Record<string, string>;
}

export class RatingScaleView {
  @ApiProperty({ type: 'integer' }) bestRating!: number;
  @ApiProperty({ type: 'integer' }) worstRating!: number;
  @ApiProperty({ type: [RatingView] }) ratings!: RatingView[];
}

export class SettingsView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ type: String, format: 'uri', nullable: true }) url!: string | null;
  @ApiProperty({ type: String, nullable: true, example: 'https://verif.example/fact-checks/{claimId}' })
  publicUrlTemplate!: string | null;
  @ApiProperty({ type: RatingScaleView }) ratingScale!: RatingScaleView;
}
