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
import { BulkDecisionsModule } from './bulk-decisions/bulk-decisions.module';
import { SupervisionModule } from './supervision/supervision.module';
import { NotificationsModule } from './notifications/notifications.module';
import { TemporalModule } from './temporal/temporal.module';
import { CalendarModule } from './calendar/calendar.module';
import { ConsoleModule } from './console/console.module';
import { SavedViewsModule } from './saved-views/saved-views.module';
import { PayrollModule } from './payroll/payroll.module';
import { ApiLoggingModule } from './common/logging.module';

export interface AppOptions {
  /** A Temporal frontend other than the configured one (tests point a second API at a proxy). */
  temporalAddress?: string;
}

@Module({})
export class AppModule {
  static forRoot(databaseUrl: string, opts: AppOptions = {}): DynamicModule {
    return {
      module: AppModule,
      imports: [
        YiyangConfigModule.forRoot(),
        ApiLoggingModule,
        // A pool that waits at most 5 s for a connection, so an unreachable PostgreSQL is a prompt 503;
        // a hung statement (a lock never released) is cancelled by PostgreSQL itself, also a 503.
        TypeOrmModule.forRootAsync({
          inject: [YIYANG_CONFIG],
          useFactory: (config: YiyangConfig) =>
            dataSourceOptions(databaseUrl, {
              poolSize: config.dbPoolSize,
              extra: {
                connectionTimeoutMillis: 5000,
                statement_timeout: config.dbStatementTimeoutMs,
                idle_in_transaction_session_timeout: config.dbIdleInTransactionTimeoutMs,
              },
            }),
        }),
        TemporalModule.forRoot(opts.temporalAddress),
        CalendarModule,
        AuthModule,
        HealthModule,
        CasesModule,
        EntitlementsModule,
        PersonsModule,
        PoliciesModule,
        AssessmentsModule,
        TasksModule,
        BulkDecisionsModule,
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
