import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsISO8601, IsOptional, IsString, IsUUID, Length, Matches } from 'class-validator';
import { PageQuery } from '../../platform/api/pagination';
import { NoControlChars } from '../../platform/api/validation';
import { CLAIM_STATUSES, PRIORITIES, type ClaimStatus, type Priority } from '../claim-status';

export class ListClaimsQuery extends PageQuery {
  @ApiPropertyOptional({ enum: CLAIM_STATUSES })
  @IsOptional()
  @IsIn(CLAIM_STATUSES)
  status?: ClaimStatus;

  @ApiPropertyOptional({ example: 'fr' })
  @IsOptional()
  @Matches(/^[a-z]{2,3}$/, { message: 'language must be an ISO 639 code' })
  language?: string;

  @ApiPropertyOptional({ enum: PRIORITIES })
  @IsOptional()
  @IsIn(PRIORITIES)
  priority?: Priority;

  @ApiPropertyOptional({ description: 'Text search (case- and accent-insensitive substring)' })
  @IsOptional()
  @IsString()
  @Length(1, 200)
  @NoControlChars()
  q?: string;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  newsroomId?: string;

  @ApiPropertyOptional({ example: '2026-11-01T00:00:00Z', description: 'Only claims received at or after this time' })
  @IsOptional()
  @IsISO8601({ strict: true })
  since?: string;
}

export class HistoryQuery {
  @ApiPropertyOptional({ type: 'integer', minimum: 1, maximum: 200, default: 100 })
  @IsOptional()
  @Matches(/^\d{1,3}$/, { message: 'limit must be an integer between 1 and 200' })
  limit?: string;

  @ApiPropertyOptional({ description: 'Opaque cursor from a previous page (nextCursor)' })
  @IsOptional()
  @Matches(/^[A-Za-z0-9_-]{1,200}$/, { message: 'cursor is not a valid cursor' })
  cursor?: string;
}
