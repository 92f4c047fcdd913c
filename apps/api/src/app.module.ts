import { Module, type DynamicModule } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { dataSourceOptions } from '@app/persistence';
import { YIYANG_CONFIG, YiyangConfigModule, type YiyangConfig } from '@app/runtime';
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
import { ApiLoggingModule } from './common/logging.module';

@Module({})
export class AppModule {
  static forRoot(databaseUrl: string): DynamicModule {
    return {
      module: AppModule,
      imports: [
        YiyangConfigModule.forRoot(),
        ApiLoggingModule,
        TypeOrmModule.forRootAsync({
          inject: [YIYANG_CONFIG],
          useFactory: (config: YiyangConfig) => dataSourceOptions(databaseUrl, { poolSize: config.dbPoolSize }),
        }),
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
      ],
    };
  }
}
