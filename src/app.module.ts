import { DynamicModule, Module } from '@nestjs/common';
import { ConfigModule, type ConfigType } from '@nestjs/config';
import { LoggerModule } from 'nestjs-pino';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { requestIdOf } from './common/http/request-id.middleware';
import { appConfig, CONFIG_NAMESPACES } from './config/configuration';
import { validateEnvironment } from './config/environment';
import { DatabaseModule } from './database/database.module';
import { AppealsModule } from './modules/appeals/appeals.module';
import { ApiKeysModule } from './modules/api-keys/api-keys.module';
import { AuditModule } from './modules/audit/audit.module';
import { AuthModule } from './modules/auth/auth.module';
import { CatalogModule } from './modules/catalog/catalog.module';
import { CaseFilesModule } from './modules/case-files/case-files.module';
import { CompensationModule } from './modules/compensation/compensation.module';
import { DashboardModule } from './modules/dashboard/dashboard.module';
import { DistributorsModule } from './modules/distributors/distributors.module';
import { EnforcementModule } from './modules/enforcement/enforcement.module';
import { EventsModule } from './modules/events/events.module';
import { HealthModule } from './modules/health/health.module';
import { IncidentsModule } from './modules/incidents/incidents.module';
import { ReportsModule } from './modules/reports/reports.module';
import { SalesReportsModule } from './modules/sales-reports/sales-reports.module';
import { SightingsModule } from './modules/sightings/sightings.module';
import { ComplaintsModule } from './modules/complaints/complaints.module';
import { SettingsModule } from './modules/settings/settings.module';
import { ShipmentsModule } from './modules/shipments/shipments.module';
import { ViolationsModule } from './modules/violations/violations.module';
import { ReconciliationModule } from './modules/reconciliation/reconciliation.module';
import { RegionsModule } from './modules/regions/regions.module';
import { UsersModule } from './modules/users/users.module';

export interface AppOptions {
  /** The PostgreSQL the service uses: DATABASE_URL, or the embedded cluster's. */
  databaseUrl: string;
}

@Module({})
export class AppModule {
  static forRoot(options: AppOptions): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ConfigModule.forRoot({
          isGlobal: true,
          ignoreEnvFile: true,
          load: CONFIG_NAMESPACES,
          validate: (raw) => {
            validateEnvironment(raw);
            return raw;
          },
        }),
        LoggerModule.forRootAsync({
          inject: [appConfig.KEY],
          useFactory: (config: ConfigType<typeof appConfig>) => ({
            pinoHttp: {
              level: config.logLevel,
              genReqId: requestIdOf,
              redact: { paths: ['req.headers.authorization', 'req.headers["x-api-key"]', 'req.headers.cookie'], censor: '[redacted]' },
              autoLogging: { ignore: (request: IncomingMessage) => request.url?.startsWith('/api/v1/health') ?? false },
              customLogLevel: (_request: IncomingMessage, response: ServerResponse, error?: Error) =>
                error || response.statusCode >= 500 ? 'error' : response.statusCode >= 400 ? 'warn' : 'info',
            },
          }),
        }),
        DatabaseModule.forRoot(options.databaseUrl),
        AuditModule,
        UsersModule,
        ApiKeysModule,
        AuthModule,
        HealthModule,
        RegionsModule,
        CatalogModule,
        DistributorsModule,
        SettingsModule,
        IncidentsModule,
        ViolationsModule,
        SalesReportsModule,
        SightingsModule,
        ComplaintsModule,
        ShipmentsModule,
        EnforcementModule,
        CompensationModule,
        AppealsModule,
        CaseFilesModule,
        EventsModule,
        DashboardModule,
        ReconciliationModule,
        ReportsModule,
      ],
    };
  }
}
