import { Module } from '@nestjs/common';
import { CodeTraceService } from './code-trace.service';
import { DetectionService } from './detection.service';
import { TraceController } from './trace.controller';

@Module({
  controllers: [TraceController],
  providers: [DetectionService, CodeTraceService],
  exports: [DetectionService, CodeTraceService],
})
export class DetectionModule {}
