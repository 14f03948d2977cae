import { Module } from '@nestjs/common';
import { CompensationModule } from '../compensation/compensation.module';
import { EnforcementModule } from '../enforcement/enforcement.module';
import { IncidentsModule } from '../incidents/incidents.module';
import { CaseFileService } from './case-file.service';
import { CaseFilesController } from './case-files.controller';

/** Reads across the incident's modules to put its case file together; owns no data. */
@Module({
  imports: [IncidentsModule, EnforcementModule, CompensationModule],
  controllers: [CaseFilesController],
  providers: [CaseFileService],
})
export class CaseFilesModule {}
