import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import { PageQuery } from '../../platform/api/pagination';
import { STANCES, type Stance } from '../../evidence/evidence.entity';

export class EvidenceQuery extends PageQuery {
  @ApiPropertyOptional({ enum: STANCES })
  @IsOptional()
  @IsIn(STANCES)
  stance?: Stance;
}
