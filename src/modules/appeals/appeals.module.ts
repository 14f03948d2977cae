import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuditModule } from '../audit/audit.module';
import { CompensationModule } from '../compensation/compensation.module';
import { IncidentsModule } from '../incidents/incidents.module';
import { AppealsController } from './appeals.controller';
import { AppealsService } from './appeals.service';
import { ViolationAppeal } from './violation-appeal.entity';

@Module({
  imports: [TypeOrmModule.forFeature([ViolationAppeal]), IncidentsModule, CompensationModule, AuditModule],
  controllers: [AppealsController],
  providers: [AppealsService],
})
export class AppealsModule {}
