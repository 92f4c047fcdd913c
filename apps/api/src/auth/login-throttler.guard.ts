import { Injectable, type ExecutionContext } from '@nestjs/common';
import { ThrottlerGuard, type ThrottlerLimitDetail } from '@nestjs/throttler';
import { ApiError } from '../common/api-error.exception';

/** Login attempts per client address and minute, whatever their outcome (a flood guard, before any lockout). */
export const LOGIN_RATE = { ttl: 60_000, limit: 30, blockDuration: 60_000 };

/** The throttler's refusal in the API's error shape, in Chinese with a code; Retry-After is set by the throttler. */
@Injectable()
export class LoginThrottlerGuard extends ThrottlerGuard {
  protected override throwThrottlingException(_context: ExecutionContext, detail: ThrottlerLimitDetail): Promise<void> {
    return Promise.reject(
      new ApiError(
        'TOO_MANY_REQUESTS',
        `登录请求过于频繁，请${detail.timeToBlockExpire}秒后再试。(Too many login requests from this address.)`,
        [],
        { retryAfter: detail.timeToBlockExpire },
      ),
    );
  }
}
