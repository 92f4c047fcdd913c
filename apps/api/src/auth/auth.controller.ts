import { Body, Controller, Get, HttpCode, Post, Req, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import { ROLES, type Actor } from '@app/contracts';
import { CurrentActor, Public, Roles } from './auth.decorators';
import { ChangePasswordDto, LoginDto } from './auth.dto';
import { AuthService } from './auth.service';
import { ActorView, LoginResultView, TokenView } from './auth.views';
import { LoginThrottlerGuard } from './login-throttler.guard';

@ApiTags('auth')
@Controller('auth')
export class AuthController {
  constructor(private readonly auth: AuthService) {}

  @Public()
  @Post('login')
  @HttpCode(200)
  @UseGuards(LoginThrottlerGuard)
  @ApiOperation({
    summary:
      'Log in; returns a bearer token (8 hours by default). Repeated failures lock the account or the client address for 15 minutes (429 LOGIN_LOCKED).',
  })
  @ApiOkResponse({ type: LoginResultView })
  login(@Body() dto: LoginDto, @Req() req: Request) {
    return this.auth.login(dto.username, dto.password, req.ip ?? 'unknown');
  }

  @Get('me')
  @Roles(...ROLES)
  @ApiBearerAuth()
  @ApiOperation({ summary: 'Who the token belongs to.' })
  @ApiOkResponse({ type: ActorView })
  me(@CurrentActor() actor: Actor) {
    return actor;
  }

  @Post('logout')
  @HttpCode(204)
  @Roles(...ROLES)
  @ApiBearerAuth()
  @ApiOperation({ summary: "Log out: every token of this user stops working (all of the user's sessions end)." })
  async logout(@CurrentActor() actor: Actor) {
    await this.auth.logout(actor);
  }

  @Post('password')
  @HttpCode(200)
  @Roles(...ROLES)
  @UseGuards(LoginThrottlerGuard)
  @ApiBearerAuth()
  @ApiOperation({ summary: 'Change your password. Every earlier token stops working; the answer carries a new one.' })
  @ApiOkResponse({ type: TokenView })
  changePassword(@CurrentActor() actor: Actor, @Body() dto: ChangePasswordDto, @Req() req: Request) {
    return this.auth.changePassword(actor, dto.currentPassword, dto.newPassword, req.ip ?? 'unknown');
  }
}
