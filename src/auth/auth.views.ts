import { ApiProperty } from '@nestjs/swagger';
import { ROLES, type Role } from '../platform/tenancy/role';

export class MeView {
  @ApiProperty({ format: 'uuid', description: 'The API key id (same as id)' }) keyId!: string;
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ enum: ROLES, enumName: 'Role' }) role!: Role;
  @ApiProperty({ format: 'uuid' }) organizationId!: string;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) newsroomId!: string | null;
  @ApiProperty({ type: [String], description: 'ISO 639 codes the key works in (empty: every language)' })
  languages!: string[];
}

export class ApiKeyView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ enum: ROLES, enumName: 'Role' }) role!: Role;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) newsroomId!: string | null;
  @ApiProperty({ type: [String] }) languages!: string[];
  @ApiProperty({ description: 'The visible start of the key', example: 'cbk_3f9a' }) prefix!: string;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) revokedAt!: string | null;
}

export class CreatedApiKeyView extends ApiKeyView {
  @ApiProperty({ pattern: '^cbk_', description: 'The key, shown this once', example: 'cbk_…' }) key!: string;
}
