import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Actor } from '@app/contracts';
import { CurrentActor, Roles } from '../auth/auth.decorators';
import { uuidParam } from '../common/uuid.pipe';
import { CreateUserDto, ListUsersQuery, UserPageView, UserView } from './users.dto';
import { UsersService } from './users.service';

@ApiTags('admin')
@ApiBearerAuth()
@Controller('admin/users')
export class UsersController {
  constructor(private readonly users: UsersService) {}

  @Get()
  @Roles('admin')
  @ApiOperation({ summary: 'User accounts in your region subtree. Password hashes are never returned.' })
  @ApiOkResponse({ type: UserPageView })
  list(@CurrentActor() actor: Actor, @Query() q: ListUsersQuery) {
    return this.users.list(actor, q);
  }

  @Post()
  @Roles('admin')
  @ApiOperation({
    summary: 'Create a user account in your region subtree. 409 if the username is taken; a township officer needs a township region.',
  })
  @ApiCreatedResponse({ type: UserView })
  create(@CurrentActor() actor: Actor, @Body() dto: CreateUserDto) {
    return this.users.create(actor, dto);
  }

  @Post(':id/deactivate')
  @HttpCode(200)
  @Roles('admin')
  @ApiOperation({
    summary: 'Deactivate a user account (it can no longer log in). Idempotent; 404 outside your region; not your own account.',
  })
  @ApiOkResponse({ type: UserView })
  deactivate(@CurrentActor() actor: Actor, @Param('id', uuidParam()) id: string) {
    return this.users.deactivate(actor, id);
  }

  @Post(':id/revoke-sessions')
  @HttpCode(200)
  @Roles('admin')
  @ApiOperation({ summary: 'End every session of a user: all of their tokens stop working at once (audited). 404 outside your region.' })
  @ApiOkResponse({ type: UserView })
  revokeSessions(@CurrentActor() actor: Actor, @Param('id', uuidParam()) id: string) {
    return this.users.revokeSessions(actor, id);
  }
}
