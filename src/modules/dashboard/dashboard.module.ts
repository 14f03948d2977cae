import { Module } from '@nestjs/common';
import { DashboardController } from './dashboard.controller';
import { SettingsModule } from '../settings/settings.module';
import { DashboardService } from './dashboard.service';
import { OffendersService } from './offenders.service';

/** Reads only: the pre-aggregate and the workflow's tables. */
@Module({
  imports: [SettingsModule],
  controllers: [DashboardController],
  providers: [DashboardService, OffendersService],
})
export class DashboardModule {}
