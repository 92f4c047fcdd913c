import type { NestExpressApplication } from '@nestjs/platform-express';
import { json, type NextFunction, type Request, type Response } from 'express';
import { jsonNestingDepth } from '@app/domain/input';
import { ApiError } from './api-error.exception';

export const JSON_BODY_LIMIT = '1mb';
/** No request of this API nests deeper than a handful of levels; 32 leaves room and stops a stack-overflow attack. */
export const JSON_MAX_DEPTH = 32;

/**
 * JSON bodies: UTF-8 only (any other declared charset is a 415, before body-parser would decode
 * UTF-16 or refuse GBK with an error of its own), at most 1 MB, and their nesting measured on the
 * raw bytes before JSON.parse or any validator recurses into them.
 */
export function useJsonBodies(app: NestExpressApplication): void {
  app.use((req: Request, _res: Response, next: NextFunction) => {
    const type = req.headers['content-type'] ?? '';
    if (/^\s*application\/([\w.+-]*\+)?json\b/i.test(type)) {
      const charset = /;\s*charset\s*=\s*"?([^";\s]*)/i.exec(type)?.[1]?.toLowerCase();
      if (charset !== undefined && charset !== 'utf-8' && charset !== 'utf8') {
        next(new ApiError('UNSUPPORTED_MEDIA_TYPE', `Charset "${charset.slice(0, 40)}" is not supported: send JSON as UTF-8.`));
        return;
      }
    }
    next();
  });
  // express.json directly: Nest's useBodyParser reserves the verify hook for itself.
  app.use(
    json({
      limit: JSON_BODY_LIMIT,
      verify: (_req, _res, buf) => {
        if (jsonNestingDepth(buf, JSON_MAX_DEPTH) > JSON_MAX_DEPTH) {
          throw Object.assign(new Error('JSON nested too deeply'), { status: 400, type: 'json.too.deep' });
        }
      },
    }),
  );
}
