import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuditModule } from '../audit/audit.module';
import { SettingsModule } from '../settings/settings.module';
import { Incident } from './incident.entity';
import { IncidentGroupingService } from './incident-grouping.service';
import { IncidentTimelineService } from './incident-timeline.service';
import { IncidentWorkflowService } from './incident-workflow.service';
import { IncidentsController } from './incidents.controller';
import { IncidentsService } from './incidents.service';

@Module({
  imports: [TypeOrmModule.forFeature([Incident]), SettingsModule, AuditModule],
  controllers: [IncidentsController],
  providers: [IncidentsService, IncidentGroupingService, IncidentWorkflowService, IncidentTimelineService],
  exports: [IncidentsService, IncidentGroupingService, IncidentTimelineService],
})
export class IncidentsModule {}
