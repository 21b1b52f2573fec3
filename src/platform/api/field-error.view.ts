import { ApiProperty } from '@nestjs/swagger';

export class FieldErrorView {
  @ApiProperty({ example: 'text', description: 'The field, as a dotted path (empty for the whole body)' })
  path!: string;
  @ApiProperty() message!: string;
}
