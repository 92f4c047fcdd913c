import { Controller, Get } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';
import { ROLES, type Actor } from '@app/contracts';
import { CurrentActor, Roles } from '../auth/auth.decorators';
import { RegionsService } from './regions.service';

class RegionItem {
  @ApiProperty({ example: '370124001001' })
  code!: string;

  @ApiProperty({ example: '翠屏社区' })
  name!: string;

  @ApiProperty({ enum: ['county', 'township', 'village'], example: 'village' })
  level!: string;

  @ApiProperty({ type: String, example: '370124001', nullable: true })
  parentCode!: string | null;

  @ApiProperty({ example: true, description: 'A made-up demo code, not from the official division list.' })
  isDemo!: boolean;
}

@ApiTags('regions')
@ApiBearerAuth()
@Controller('regions')
export class RegionsController {
  constructor(private readonly regions: RegionsService) {}

  @Get()
  @Roles(...ROLES)
  @ApiOperation({
    summary:
      'Your region and its subtree (county → township/street → village/community) as a flat list ordered by code; build the tree from parentCode.',
  })
  @ApiOkResponse({ type: [RegionItem] })
  list(@CurrentActor() actor: Actor) {
    return this.regions.subtree(actor);
  }
}
