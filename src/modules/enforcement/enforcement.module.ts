import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuditModule } from '../audit/audit.module';
import { EnforcementQueriesService } from './enforcement-queries.service';
import { EnforcementController } from './enforcement.controller';
import { EnforcementService } from './enforcement.service';
import { IncidentAction } from './incident-action.entity';

@Module({
  imports: [TypeOrmModule.forFeature([IncidentAction]), AuditModule],
  controllers: [EnforcementController],
  providers: [EnforcementService, EnforcementQueriesService],
  exports: [EnforcementQueriesService],
})
export class EnforcementModule {}
