import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, MaxLength } from 'class-validator';
import { NoControlChars } from '../../../platform/api/validation';

export class UnlinkDuplicateDto {
  @ApiPropertyOptional({ example: 'Same words, different event: 15 bases in Syria, not Iraq', maxLength: 2000 })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  @NoControlChars()
  reason?: string;
}
