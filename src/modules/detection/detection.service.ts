import { Injectable, Logger } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { bindNamed } from '../../database/named-parameters';
import { SALES_DETECTION_SQL, SALES_FINDINGS, SALES_SCAN_SQL, UNKNOWN_CODES_SQL } from './sales-detection.sql';

/** What detection found, for the incident grouping (IncidentGroupingService.record reads it as its Findings). */
export interface SalesFindings {
  keys: string;
  insert: (incidentOf: (finding: string) => string) => { text: string; parameters: unknown[] };
  figures: (incidentOf: (finding: string) => string) => string;
}

/** Runs the detectors over a batch inside the intake's transaction; the intake records what they found. */
@Injectable()
export class DetectionService {
  private readonly logger = new Logger('Detection');

  /**
   * The one pass over a stored report's lines: the suspects detection judges,
   * and the batch checks they answer (SKUs and regions that do not exist).
   * detectSalesReport follows in the same transaction.
   */
  async scanSalesReport(
    manager: EntityManager,
    report: { lineKey: number; distributorCode: string },
  ): Promise<{ unknownSkus: number; unknownRegions: number }> {
    for (const statement of SALES_SCAN_SQL) {
      const { text, parameters } = bindNamed(statement, { lines: report.lineKey, distributor: report.distributorCode });
      await manager.query(text, parameters);
    }
    const [{ unknown_skus: unknownSkus, unknown_regions: unknownRegions }] = await manager.query(UNKNOWN_CODES_SQL);
    return { unknownSkus, unknownRegions };
  }

  /** Judges the suspects of scanSalesReport: the findings (finding_line), as statements for the grouping. */
  async detectSalesReport(manager: EntityManager, report: { id: string; lineKey: number; ref: string; distributorCode: string }): Promise<SalesFindings> {
    const values = { report: report.id, lines: report.lineKey, distributor: report.distributorCode, ref: report.ref };
    const timings: string[] = [];
    for (const statement of SALES_DETECTION_SQL) {
      const { text, parameters } = bindNamed(statement, values);
      const started = performance.now();
      await manager.query(text, parameters);
      timings.push(`${statementName(text)} ${Math.round(performance.now() - started)} ms`);
    }
    this.logger.debug(`sales report ${report.distributorCode}/${report.ref} detection: ${timings.join(', ')}`);
    return {
      keys: SALES_FINDINGS.keys,
      insert: (incidentOf) => bindNamed(SALES_FINDINGS.insert(incidentOf), values),
      figures: SALES_FINDINGS.figures,
    };
  }
}

/** "CREATE TEMP TABLE finding_line ..." → "finding_line", "UPDATE transfer_permit ..." → "UPDATE transfer_permit". */
function statementName(sql: string): string {
  const table = /^\s*CREATE TEMP TABLE (\w+)/.exec(sql);
  if (table) return table[1];
  return sql.trim().split(/\s+/).slice(0, 3).join(' ');
}
