import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsIn, IsOptional, IsString, IsUUID, Length, Matches } from 'class-validator';
import { NoControlChars } from '../../platform/api/validation';
import { ROLES, type Role } from '../../platform/tenancy/role';

export class CreateApiKeyDto {
  @ApiProperty({ example: 'Le Quotidien integration', maxLength: 200 })
  @Transform(({ value }) => (typeof value === 'string' ? value.trim() : value))
  @IsString()
  @Length(1, 200)
  @NoControlChars()
  name: string;

  @ApiProperty({ enum: ROLES, example: 'newsroom' })
  @IsIn(ROLES)
  role: Role;

  @ApiPropertyOptional({
    format: 'uuid',
    description: 'Required for the newsroom role; the newsroom whose claims the key sees',
  })
  @IsOptional()
  @IsUUID()
  newsroomId?: string;

  @ApiPropertyOptional({
    type: [String],
    example: ['fr', 'en'],
    description: 'Languages the key works in (task defaults)',
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(20)
  @IsString({ each: true })
  @Matches(/^[a-z]{2,3}$/, { each: true, message: 'languages must be ISO 639 codes such as "fr"' })
  languages?: string[];
}
