import { Global, Module } from '@nestjs/common';
import { getDataSourceToken } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { CalendarProvider } from '@app/persistence';

/** One holiday calendar for the whole API: the same provider class the worker counts deadlines with. */
@Global()
@Module({
  providers: [{ provide: CalendarProvider, useFactory: (db: DataSource) => new CalendarProvider(db), inject: [getDataSourceToken()] }],
  exports: [CalendarProvider],
})
export class CalendarModule {}
