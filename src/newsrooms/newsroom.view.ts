import { ApiProperty } from '@nestjs/swagger';

export class NewsroomView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ type: String, format: 'uri', nullable: true }) url!: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
}
