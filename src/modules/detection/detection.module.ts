import { Module } from '@nestjs/common';
import { IncidentsModule } from '../incidents/incidents.module';
import { DetectionService } from './detection.service';

@Module({
  imports: [IncidentsModule],
  providers: [DetectionService],
  exports: [DetectionService],
})
export class DetectionModule {}
