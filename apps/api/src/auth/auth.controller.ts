import { Body, Controller, Get, HttpCode, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ROLES, type Actor } from '@app/contracts';
import { CurrentActor, Public, Roles } from './auth.decorators';
import { LoginDto } from './auth.dto';
import { AuthService } from './auth.service';
import { ActorView, LoginResultView } from './auth.views';

@ApiTags('auth')
@Controller('auth')
export class AuthController {
  constructor(private readonly auth: AuthService) {}

  @Public()
  @Post('login')
  @HttpCode(200)
  @ApiOperation({ summary: 'Log in; returns a bearer token (8 hours by default).' })
  @ApiOkResponse({ type: LoginResultView })
  login(@Body() dto: LoginDto) {
    return this.auth.login(dto.username, dto.password);
  }

  @Get('me')
  @Roles(...ROLES)
  @ApiBearerAuth()
  @ApiOperation({ summary: 'Who the token belongs to.' })
  @ApiOkResponse({ type: ActorView })
  me(@CurrentActor() actor: Actor) {
    return actor;
  }
}
