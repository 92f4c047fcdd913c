import { Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ROLES, type Actor } from '@app/contracts';
import { CurrentActor, Roles } from '../auth/auth.decorators';
import { uuidParam } from '../common/uuid.pipe';
import { NotificationsQuery } from './notifications.dto';
import { NotificationsService } from './notifications.service';
import { NotificationPageView, NotificationView } from './notifications.views';

@ApiTags('notifications')
@ApiBearerAuth()
@Controller('notifications')
export class NotificationsController {
  constructor(private readonly notifications: NotificationsService) {}

  @Get()
  @Roles(...ROLES)
  @ApiOperation({ summary: 'Your notifications (overdue escalations, assignments), newest first, with your unread count.' })
  @ApiOkResponse({ type: NotificationPageView })
  list(@CurrentActor() actor: Actor, @Query() q: NotificationsQuery) {
    return this.notifications.list(actor, q);
  }

  @Post(':id/read')
  @HttpCode(200)
  @Roles(...ROLES)
  @ApiOperation({ summary: "Mark one of your notifications read. Anyone else's is a 404." })
  @ApiOkResponse({ type: NotificationView })
  read(@CurrentActor() actor: Actor, @Param('id', uuidParam()) id: string) {
    return this.notifications.markRead(actor, id);
  }
}
