import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import { PageQuery } from '../common/page-query.dto';

export class NotificationsQuery extends PageQuery {
  @ApiPropertyOptional({ enum: ['true', 'false'], example: 'true', description: 'true: only unread; false: only read; absent: all.' })
  @IsOptional()
  @IsIn(['true', 'false'], { message: 'unread must be true or false' })
  unread?: 'true' | 'false';
}
