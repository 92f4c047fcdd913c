import { Body, Controller, Delete, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ROLES, type Actor } from '@app/contracts';
import { CurrentActor, Roles } from '../auth/auth.decorators';
import { uuidParam } from '../common/uuid.pipe';
import { CreateSavedViewDto, SavedViewView } from './saved-views.dto';
import { SavedViewsService } from './saved-views.service';

@ApiTags('tasks')
@ApiBearerAuth()
@Controller('saved-views')
export class SavedViewsController {
  constructor(private readonly views: SavedViewsService) {}

  @Get()
  @Roles(...ROLES)
  @ApiOperation({ summary: 'Your saved inbox views (filters and sort under a name), by name.' })
  @ApiOkResponse({ type: [SavedViewView] })
  list(@CurrentActor() actor: Actor) {
    return this.views.list(actor);
  }

  @Post()
  @Roles(...ROLES)
  @ApiOperation({ summary: 'Save an inbox view. 409 naming `name` if you already have one with that name.' })
  @ApiCreatedResponse({ type: SavedViewView })
  create(@CurrentActor() actor: Actor, @Body() dto: CreateSavedViewDto) {
    return this.views.create(actor, dto);
  }

  @Delete(':id')
  @HttpCode(204)
  @Roles(...ROLES)
  @ApiOperation({ summary: "Delete one of your saved views. Anyone else's is a 404." })
  @ApiNoContentResponse({ description: 'Deleted.' })
  async remove(@CurrentActor() actor: Actor, @Param('id', uuidParam()) id: string): Promise<void> {
    await this.views.remove(actor, id);
  }
}
