import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, IsArray, IsIn, IsOptional, IsString, IsUUID, Length, Matches } from 'class-validator';
import { PageQuery } from '../../platform/api/pagination';
import { NoControlChars } from '../../platform/api/validation';
import { VerdictContentDto } from '../../verdicts/dto/verdict-content.dto';
import { RATING_KEYS } from '../../organizations/rating-scale';
import { TASK_KINDS, TASK_STATUSES, type TaskKind, type TaskStatus } from '../task.entity';

export class NextTaskDto {
  @ApiPropertyOptional({
    enum: TASK_KINDS,
    isArray: true,
    description: 'Default: every kind the role may do (checker: check; editor: check and review)',
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(2)
  @IsIn(TASK_KINDS, { each: true })
  kinds?: TaskKind[];

  @ApiPropertyOptional({
    type: [String],
    example: ['fr'],
    description: "Default: the key's languages (every language when the key has none)",
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(20)
  @Matches(/^[a-z]{2,3}$/, { each: true, message: 'each language must be an ISO 639 code' })
  languages?: string[];
}

export class LeaseDto {
  @ApiProperty({
    format: 'uuid',
    example: '3b241101-e2bb-4255-8caf-4136c566a962',
    description: 'The token returned when the task was claimed',
  })
  @IsUUID()
  leaseToken: string;
}

export class ReleaseDto extends LeaseDto {
  @ApiPropertyOptional({ maxLength: 2000 })
  @IsOptional()
  @IsString()
  @Length(1, 2000)
  @NoControlChars()
  note?: string;
}

/** Check task: leaseToken + verdict content. Review task: leaseToken + decision (+ note, required to reject). */
export class CompleteTaskDto extends LeaseDto {
  @ApiPropertyOptional({ enum: ['approve', 'reject'], description: 'Review tasks' })
  @IsOptional()
  @IsIn(['approve', 'reject'])
  decision?: 'approve' | 'reject';

  @ApiPropertyOptional({ maxLength: 2000, description: 'Review tasks: the reviewer note (required to reject)' })
  @IsOptional()
  @IsString()
  @Length(1, 2000)
  @NoControlChars()
  note?: string;

  @ApiPropertyOptional({ enum: RATING_KEYS, description: 'Check tasks (required there)' })
  @IsOptional()
  rating?: string;
  @ApiPropertyOptional({ maxLength: 5000, description: 'Check tasks (required there): the explanation' })
  @IsOptional()
  summary?: string;
  @ApiPropertyOptional({ maxLength: 300, description: 'Check tasks' }) @IsOptional() title?: string;
  @ApiPropertyOptional({
    type: [String],
    format: 'uuid',
    maxItems: 100,
    description: 'Check tasks: evidence of this claim relied on',
  })
  @IsOptional()
  evidenceIds?: string[];
  @ApiPropertyOptional({
    type: [String],
    format: 'uri',
    maxItems: 50,
    description: 'Check tasks: extra sources (http(s) URLs)',
  })
  @IsOptional()
  sources?: string[];
}

export class ListTasksQuery extends PageQuery {
  @ApiPropertyOptional({ enum: TASK_STATUSES })
  @IsOptional()
  @IsIn(TASK_STATUSES)
  status?: TaskStatus;

  @ApiPropertyOptional({ enum: TASK_KINDS })
  @IsOptional()
  @IsIn(TASK_KINDS)
  kind?: TaskKind;

  @ApiPropertyOptional({ enum: ['me'] })
  @IsOptional()
  @IsIn(['me'])
  assignee?: 'me';
}

export { VerdictContentDto };
