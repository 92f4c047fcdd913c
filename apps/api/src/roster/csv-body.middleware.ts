import { createParamDecorator, Injectable, type ExecutionContext, type NestMiddleware } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { ApiError } from '../common/api-error.exception';

/** Upload limit for one roster file; a county's whole roster is far below it. */
export const CSV_MAX_BYTES = 5 * 1024 * 1024;

/** Charsets a roster file may arrive in. Excel in a Chinese locale saves "CSV" as GBK. */
const DECODER_FOR_CHARSET: Readonly<Record<string, string>> = {
  'utf-8': 'utf-8',
  utf8: 'utf-8',
  gbk: 'gb18030',
  gb2312: 'gb18030',
  gb18030: 'gb18030',
};

/**
 * Reads a text/csv (or text/plain) request body into req.body as a string, for the one route
 * that takes a file. The app's global parser handles JSON only; this keeps its 1 MB limit for
 * everything else. A body over the limit is read to its end and discarded, then refused with 413,
 * so the client sees the answer rather than a reset connection.
 */
@Injectable()
export class CsvBodyMiddleware implements NestMiddleware {
  use(req: Request, _res: Response, next: NextFunction): void {
    const contentType = req.headers['content-type'] ?? '';
    // Matched by hand rather than req.is(): that answers null for an empty body, which should
    // reach the parser and be reported as an empty file, not as the wrong media type.
    if (!/^\s*text\/(csv|plain)\s*(;|$)/i.test(contentType)) {
      next();
      return;
    }
    const charset = /charset\s*=\s*"?([^";\s]+)/i.exec(contentType)?.[1]?.toLowerCase() ?? 'utf-8';
    const encoding = DECODER_FOR_CHARSET[charset];
    if (!encoding) {
      next(new ApiError('UNSUPPORTED_MEDIA_TYPE', 'The file must be sent as UTF-8 (default) or GB18030/GBK (charset=gb18030).'));
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    let tooLarge = Number(req.headers['content-length'] ?? 0) > CSV_MAX_BYTES;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > CSV_MAX_BYTES) tooLarge = true;
      if (tooLarge) chunks.length = 0;
      else chunks.push(chunk);
    });
    req.on('error', (err) => next(err));
    req.on('end', () => {
      if (tooLarge) {
        next(new ApiError('PAYLOAD_TOO_LARGE', `The file is larger than ${CSV_MAX_BYTES / 1024 / 1024} MB. Split it.`));
        return;
      }
      try {
        req.body = new TextDecoder(encoding, { fatal: true }).decode(Buffer.concat(chunks));
      } catch {
        next(
          ApiError.field(
            'VALIDATION_FAILED',
            'body',
            `不是有效的 ${encoding === 'utf-8' ? 'UTF-8' : 'GB18030'} 文本;请将文件另存为“CSV UTF-8”,或以 Content-Type: text/csv; charset=gb18030 发送 GBK 文件`,
          ),
        );
        return;
      }
      next();
    });
  }
}

/** The request body as read by CsvBodyMiddleware; anything else (JSON, a form, nothing) is a 415. */
export const CsvBody = createParamDecorator((_data: unknown, ctx: ExecutionContext): string => {
  const body = ctx.switchToHttp().getRequest<Request>().body as unknown;
  if (typeof body !== 'string') {
    throw new ApiError('UNSUPPORTED_MEDIA_TYPE', 'Send the file itself as the request body with Content-Type: text/csv.');
  }
  return body;
});
