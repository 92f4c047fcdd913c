import { Module, RequestMethod, type MiddlewareConsumer, type NestModule } from '@nestjs/common';
import { raw } from 'express';
import { PayrollController } from './payroll.controller';
import { PayrollService } from './payroll.service';

/** Return files up to 10 MB: a county's month is a few thousand rows. */
const RETURN_FILE_LIMIT = '10mb';

@Module({ controllers: [PayrollController], providers: [PayrollService] })
export class PayrollModule implements NestModule {
  configure(consumer: MiddlewareConsumer): void {
    consumer
      .apply(
        raw({
          type: ['text/csv', 'text/plain', 'application/octet-stream', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'],
          limit: RETURN_FILE_LIMIT,
        }),
      )
      .forRoutes({ path: 'payroll/runs/:id/returns', method: RequestMethod.POST });
  }
}
