import { Module, type DynamicModule } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { dataSourceOptions } from '@app/persistence';
import { AdminModule } from './admin/admin.module';
import { AssessmentsModule } from './assessments/assessments.module';
import { EntitlementsModule } from './entitlements/entitlements.module';
import { PersonsModule } from './persons/persons.module';
import { PoliciesModule } from './policies/policies.module';
import { AuthModule } from './auth/auth.module';
import { CareHomesModule } from './care-homes/care-homes.module';
import { CasesModule } from './cases/cases.module';
import { HealthModule } from './health/health.module';
import { RegionsModule } from './regions/regions.module';
import { RosterModule } from './roster/roster.module';
import { TasksModule } from './tasks/tasks.module';
import { SupervisionModule } from './supervision/supervision.module';
import { NotificationsModule } from './notifications/notifications.module';
import { TemporalModule } from './temporal/temporal.module';
import { CalendarModule } from './calendar/calendar.module';
import { ConsoleModule } from './console/console.module';
import { SavedViewsModule } from './saved-views/saved-views.module';
import { PayrollModule } from './payroll/payroll.module';

@Module({})
export class AppModule {
  static forRoot(databaseUrl: string): DynamicModule {
    return {
      module: AppModule,
      imports: [
        TypeOrmModule.forRoot(dataSourceOptions(databaseUrl)),
        TemporalModule,
        CalendarModule,
        AuthModule,
        HealthModule,
        CasesModule,
        EntitlementsModule,
        PersonsModule,
        PoliciesModule,
        AssessmentsModule,
        TasksModule,
        SupervisionModule,
        NotificationsModule,
        RosterModule,
        AdminModule,
        RegionsModule,
        CareHomesModule,
        PayrollModule,
        SavedViewsModule,
        ConsoleModule,
      ],
    };
  }
}
