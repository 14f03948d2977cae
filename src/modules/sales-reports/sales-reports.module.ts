import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuditModule } from '../audit/audit.module';
import { DetectionModule } from '../detection/detection.module';
import { DistributorsModule } from '../distributors/distributors.module';
import { IncidentsModule } from '../incidents/incidents.module';
import { SalesReport } from './sales-report.entity';
import { SalesReportImportService } from './sales-report-import.service';
import { SalesReportIntake } from './sales-report-intake.service';
import { SalesLineSummarizer } from './sales-line-summarizer.service';
import { SalesReportRecorder } from './sales-report-recorder.service';
import { SalesReportsController } from './sales-reports.controller';
import { SalesReportsService } from './sales-reports.service';

@Module({
  imports: [TypeOrmModule.forFeature([SalesReport]), DistributorsModule, DetectionModule, IncidentsModule, AuditModule],
  controllers: [SalesReportsController],
  providers: [SalesReportImportService, SalesReportIntake, SalesReportRecorder, SalesReportsService, SalesLineSummarizer],
})
export class SalesReportsModule {}
