import { Module } from '@nestjs/common';
import { getDataSourceToken } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { CalendarProvider } from '../../../../activities/calendar-provider';
import { CalendarController } from './calendar.controller';
import { CalendarService } from './calendar.service';
import { UsersController } from './users.controller';
import { UsersService } from './users.service';

@Module({
  controllers: [UsersController, CalendarController],
  providers: [
    UsersService,
    CalendarService,
    // The same provider class the worker counts deadlines with, over the API's DataSource.
    { provide: CalendarProvider, useFactory: (db: DataSource) => new CalendarProvider(db), inject: [getDataSourceToken()] },
  ],
})
export class AdminModule {}
