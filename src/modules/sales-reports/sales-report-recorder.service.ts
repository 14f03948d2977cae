import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { Actor } from '../../common/auth/roles';
import { StepTimer } from '../../common/step-timer';
import { AuditService } from '../audit/audit.service';
import { DetectionService } from '../detection/detection.service';
import { IncidentGroupingService } from '../incidents/incident-grouping.service';
import { ImportResultDto } from './dto/sales-report.dto';
import { SalesReport } from './sales-report.entity';
import { supersedeReport } from './supersede.sql';
import { PRICE_MONTHLY_SQL, SELL_MONTHLY_SQL } from '../reconciliation/sell-monthly.sql';
import type { SalesTallyRows } from './sales-tally';

/** A checked report whose lines are in sales_line under `lineKey`, ready to be recorded. */
export interface CheckedReport {
  id: string;
  lineKey: number;
  reportRef: string;
  distributorCode: string;
  source: 'csv' | 'json';
  contentHash: string;
  lines: number;
  /** The active report it replaces (a correction sent with ?supersede=true). */
  replaces: SalesReport | null;
  /** Its sell-out and prices, tallied while staging; null to read them back from its lines. */
  tally: SalesTallyRows | null;
}

/**
 * The second half of a sales-report intake, in its transaction: retires the
 * report being replaced, stores the new one, detects, groups the findings into
 * incidents, re-scales the incidents the replaced report touched, and audits.
 */
@Injectable()
export class SalesReportRecorder {
  constructor(
    private readonly detection: DetectionService,
    private readonly grouping: IncidentGroupingService,
    private readonly audit: AuditService,
  ) {}

  async record(manager: EntityManager, actor: Actor, report: CheckedReport, timer: StepTimer): Promise<ImportResultDto> {
    const { replaces } = report;
    const retired = replaces ? await supersedeReport(manager, replaces.id) : null;
    await manager.insert(SalesReport, {
      id: report.id,
      lineKey: report.lineKey,
      reportRef: report.reportRef,
      distributorCode: report.distributorCode,
      contentHash: report.contentHash,
      lineCount: report.lines,
      source: report.source,
      supersedesId: replaces?.id ?? null,
      result: {},
      receivedBy: actor.label,
    });
    const findings = await this.detection.detectSalesReport(manager, {
      id: report.id,
      lineKey: report.lineKey,
      ref: report.reportRef,
      distributorCode: report.distributorCode,
    });
    const recorded = await this.grouping.record(manager, findings);
    timer.mark('detected');
    // The replaced report's incidents lost violations: recompute them from what is left (and what was just added).
    await this.grouping.refresh(manager, retired?.touchedIncidents ?? []);

    const result: ImportResultDto = {
      id: report.id,
      ref: report.reportRef,
      distributorCode: report.distributorCode,
      duplicate: false,
      lines: report.lines,
      accepted: report.lines,
      violations: { OUT_OF_TERRITORY: 0, BELOW_FLOOR: 0, ...recorded.violations },
      permitted: recorded.permitted,
      incidentsOpened: recorded.incidentsOpened,
      incidentsUpdated: recorded.incidentsUpdated,
      supersededReportId: replaces?.id ?? null,
    };
    await manager.update(SalesReport, { id: report.id }, { result });
    // Its sell-out and prices (tallied while staging, or read back from its lines), less the replaced report's, last:
    // the rows they lock are held the least. Then the replaced report's lines go.
    const retiredKey = retired?.lineKey ?? null;
    if (report.tally) {
      await manager.query(SELL_MONTHLY_SQL.tallied, [report.distributorCode, JSON.stringify(report.tally.sellOut), retiredKey]);
      await manager.query(PRICE_MONTHLY_SQL.tallied, [JSON.stringify(report.tally.prices), retiredKey]);
    } else {
      await manager.query(SELL_MONTHLY_SQL.reported, [report.lineKey, report.distributorCode, retiredKey]);
      await manager.query(PRICE_MONTHLY_SQL.reported, [report.lineKey, retiredKey]);
    }
    if (retired) await manager.query(`DELETE FROM sales_line WHERE report_key = $1`, [retired.lineKey]);
    await this.audit.record(manager, actor, {
      action: replaces ? 'sales_report.superseded' : 'sales_report.received',
      entityType: 'sales_report',
      entityId: report.id,
      ...(replaces ? { before: { reportId: replaces.id, lineCount: replaces.lineCount } } : {}),
      after: result,
    });
    return result;
  }
}
