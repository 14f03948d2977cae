import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { bindNamed } from '../../database/named-parameters';
import { IncidentGroupingService, RecordedViolations } from '../incidents/incident-grouping.service';
import { CREATE_DETECTED_VIOLATION_SQL } from './detected-violation.sql';
import { SALES_DETECTION_SQL } from './sales-detection.sql';

/** Runs the detectors over a batch inside the intake's transaction, then records and groups what they found. */
@Injectable()
export class DetectionService {
  constructor(private readonly grouping: IncidentGroupingService) {}

  async detectSalesReport(manager: EntityManager, report: { id: string; ref: string; distributorCode: string }): Promise<RecordedViolations> {
    await manager.query(CREATE_DETECTED_VIOLATION_SQL);
    const values = { report: report.id, distributor: report.distributorCode, ref: report.ref };
    for (const statement of SALES_DETECTION_SQL) {
      const { text, parameters } = bindNamed(statement, values);
      await manager.query(text, parameters);
    }
    return this.grouping.record(manager);
  }
}
