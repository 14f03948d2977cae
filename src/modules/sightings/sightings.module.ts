import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuditModule } from '../audit/audit.module';
import { DetectionModule } from '../detection/detection.module';
import { IncidentsModule } from '../incidents/incidents.module';
import { ViolationsModule } from '../violations/violations.module';
import { SightingBatchService } from './sighting-batch.service';
import { SightingIntake } from './sighting-intake.service';
import { SightingRecorder } from './sighting-recorder.service';
import { Sighting } from './sighting.entity';
import { SightingsController } from './sightings.controller';
import { SightingsService } from './sightings.service';

@Module({
  imports: [TypeOrmModule.forFeature([Sighting]), DetectionModule, IncidentsModule, ViolationsModule, AuditModule],
  controllers: [SightingsController],
  providers: [SightingIntake, SightingRecorder, SightingsService, SightingBatchService],
})
export class SightingsModule {}
