import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, Max, Min } from 'class-validator';

/** Paging shared by every list: page from 1, at most 200 rows a page. */
export class PageQuery {
  @ApiPropertyOptional({ default: 1, minimum: 1, example: 1 })
  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: 'page must be an integer' })
  @Min(1, { message: 'page must be at least 1' })
  @Max(100000, { message: 'page must not exceed 100000' })
  page?: number;

  @ApiPropertyOptional({ default: 20, minimum: 1, maximum: 200, example: 20 })
  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: 'pageSize must be an integer' })
  @Min(1, { message: 'pageSize must be at least 1' })
  @Max(200, { message: 'pageSize must not exceed 200' })
  pageSize?: number;
}
