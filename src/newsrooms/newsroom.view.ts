import { ApiProperty } from '@nestjs/swagger';
import type { Newsroom } from './newsroom.entity';

export class NewsroomView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ type: String, format: 'uri', nullable: true }) url!: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
}

export const newsroomView = (n: Newsroom): NewsroomView => ({
  id: n.id,
  name: n.name,
  url: n.url,
  createdAt: n.createdAt.toISOString(),
});
