import { createSecretKey } from 'node:crypto';
import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { JwtModule } from '@nestjs/jwt';
import { ThrottlerModule } from '@nestjs/throttler';
import { YIYANG_CONFIG, type YiyangConfig } from '@app/runtime';
import { AuthController } from './auth.controller';
import { AuthGuard } from './auth.guard';
import { AuthService } from './auth.service';
import { LoginAttempts } from './login-attempts.service';
import { LOGIN_RATE, LoginThrottlerGuard } from './login-throttler.guard';

@Module({
  imports: [
    JwtModule.registerAsync({
      inject: [YIYANG_CONFIG],
      useFactory: (config: YiyangConfig) => {
        // A KeyObject, made once: given a string, jsonwebtoken first tries to parse it as a PEM public
        // key on every verify (and throws), which was most of the CPU an authenticated request cost.
        const key = createSecretKey(Buffer.from(config.jwtSecret));
        return {
          secretOrKeyProvider: () => key,
          signOptions: { expiresIn: config.tokenTtlSeconds, algorithm: 'HS256' },
          verifyOptions: { algorithms: ['HS256'] },
        };
      },
    }),
    // Only the login and password routes use it (LoginThrottlerGuard), not every request.
    ThrottlerModule.forRoot([{ name: 'default', ...LOGIN_RATE }]),
  ],
  controllers: [AuthController],
  providers: [AuthService, LoginAttempts, LoginThrottlerGuard, { provide: APP_GUARD, useClass: AuthGuard }],
  exports: [AuthService],
})
export class AuthModule {}
