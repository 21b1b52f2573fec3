import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsISO8601,
  IsOptional,
  IsString,
  IsUrl,
  Length,
  Matches,
  MaxLength,
  ValidateNested,
} from 'class-validator';
import { NoControlChars } from '../../platform/api/validation';

export class ArchiveDocumentDto {
  @ApiProperty({ example: 'https://news.example/2020/01/centcom-dement' })
  @IsString()
  @MaxLength(2048)
  @IsUrl(
    { protocols: ['http', 'https'], require_protocol: true, require_tld: false },
    { message: 'url must be an http(s) URL' },
  )
  url: string;

  @ApiProperty({ maxLength: 1000 })
  @IsString()
  @Length(1, 1000)
  @NoControlChars()
  title: string;

  @ApiProperty({ maxLength: 200000 })
  @IsString()
  @Length(1, 200000)
  @NoControlChars()
  body: string;

  @ApiProperty({ example: 'fr', description: 'ISO 639-1; decides stemming (French, English, …)' })
  @IsString()
  @Matches(/^[a-z]{2,3}$/, { message: 'language must be an ISO 639 code such as "fr" or "en"' })
  language: string;

  @ApiPropertyOptional({ maxLength: 300 })
  @IsOptional()
  @IsString()
  @MaxLength(300)
  @NoControlChars()
  publisher?: string;

  @ApiPropertyOptional({ example: '2020-01-22T10:00:00Z' })
  @IsOptional()
  @IsString()
  @IsISO8601({}, { message: 'publishedAt must be an ISO 8601 date' })
  publishedAt?: string;
}

export class IngestDocumentsDto {
  @ApiProperty({ type: [ArchiveDocumentDto], maxItems: 1000 })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(1000)
  @ValidateNested({ each: true })
  @Type(() => ArchiveDocumentDto)
  documents: ArchiveDocumentDto[];
}
