import { join } from 'node:path';
import { Module } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { ServeStaticModule } from '@nestjs/serve-static';
import compression from 'compression';
import type { Response } from 'express';
import expressStaticGzip from 'express-static-gzip';
import { projectRoot } from '@app/runtime';

export const CONSOLE_PATH = '/console';
export const CONSOLE_DIST = join(projectRoot(), 'dist', 'console');

const ONE_YEAR_MS = 365 * 24 * 3600 * 1000;

/**
 * Registered before the static files are (at provider creation). The hashed assets are served from
 * the .br / .gz files the build wrote next to them (apps/console/vite.config.mts), the variant the
 * browser accepts, cached for good: a cold load costs the API file reads, not compression. The rest
 * (index.html, a file without a compressed copy) is compressed on the fly.
 */
const CONSOLE_COMPRESSION = {
  provide: 'CONSOLE_COMPRESSION',
  inject: [HttpAdapterHost],
  useFactory: (host: HttpAdapterHost) => {
    const app = host.httpAdapter?.getInstance() as { use?: (path: string, fn: unknown) => void } | undefined;
    app?.use?.(
      `${CONSOLE_PATH}/assets`,
      expressStaticGzip(join(CONSOLE_DIST, 'assets'), {
        enableBrotli: true,
        orderPreference: ['br', 'gzip'],
        serveStatic: { index: false, immutable: true, maxAge: ONE_YEAR_MS, fallthrough: true },
      }),
    );
    app?.use?.(CONSOLE_PATH, compression());
    return true;
  },
};

/**
 * The officers' console (apps/console, built by `npm run build` into dist/console), served at
 * /console. Any path under it that is not a file returns index.html, so deep links work; /api
 * routes are not touched and keep their JSON 404s. Hashed assets are cached for good, the page
 * itself never, so a new build is picked up at the next load.
 */
@Module({
  imports: [
    ServeStaticModule.forRoot({
      rootPath: CONSOLE_DIST,
      serveRoot: CONSOLE_PATH,
      serveStaticOptions: {
        index: 'index.html',
        setHeaders: (res: Response, path: string) => {
          res.setHeader(
            'Cache-Control',
            path.includes(`${join('console', 'assets')}`) ? 'public, max-age=31536000, immutable' : 'no-cache',
          );
        },
      },
    }),
  ],
  providers: [CONSOLE_COMPRESSION],
})
export class ConsoleModule {}
