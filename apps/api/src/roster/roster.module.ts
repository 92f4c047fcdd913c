import { Module, RequestMethod, type MiddlewareConsumer, type NestModule } from '@nestjs/common';
import { CsvBodyMiddleware } from './csv-body.middleware';
import { RosterController } from './roster.controller';
import { RosterService } from './roster.service';

@Module({ controllers: [RosterController], providers: [RosterService], exports: [RosterService] })
export class RosterModule implements NestModule {
  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(CsvBodyMiddleware).forRoutes({ path: 'roster/import', method: RequestMethod.POST });
  }
}
