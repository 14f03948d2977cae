import { Module } from '@nestjs/common';
import { SettingsModule } from '../settings/settings.module';
import { RebateBaseService } from './rebate-base.service';
import { ReportsController } from './reports.controller';

@Module({
  imports: [SettingsModule],
  controllers: [ReportsController],
  providers: [RebateBaseService],
})
export class ReportsModule {}
