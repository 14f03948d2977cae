import { Injectable, Logger } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { ADVISORY_LOCKS, lockSharedForTransaction } from '../../database/advisory-locks';
import { bindNamed } from '../../database/named-parameters';
import { preparedQuery } from '../../database/prepared-query';
import { SALES_DETECTION_SQL, SALES_FINDINGS, SALES_SCAN_SQL, SCAN_LOOKUPS_SQL, BATCH_CHECKS_SQL } from './sales-detection.sql';
import type { SightingCandidate } from './domain/sighting-candidates';
import { SIGHTING_DETECTION_SQL, SIGHTING_FIGURES_SQL, SIGHTING_VIOLATIONS_INSERT_SQL, type SightingFinding } from './sighting-detection.sql';

/** A stored sighting, as its detection reads it. */
export interface SightingFacts {
  id: string;
  sku: string;
  productLine: string;
  regionCode: string;
  provinceCode: string;
  observedOn: string;
  observedPrice: string;
}

/** An active finding's incident key: offender (null for none), product line, destination province. */
export interface IncidentKeyOfFinding {
  offenderCode: string | null;
  productLine: string;
  destination: string;
}

/**
 * What detection found in one record (a sighting), held in memory, for the
 * incident grouping (IncidentGroupingService.recordFew reads it as its FewFindings).
 */
export interface DetectedFewFindings {
  name: string;
  found: number;
  keys: IncidentKeyOfFinding[];
  insert: (incidentOf: (key: IncidentKeyOfFinding) => string) => { text: string; parameters: unknown[] };
  figures: string;
}

/** What detection found, for the incident grouping (IncidentGroupingService.record reads it as its Findings). */
export interface DetectedFindings {
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
  ): Promise<{ badLines: number; unknownSkus: number; unknownRegions: number }> {
    // Grants stay as they are until the transaction ends: the scan, the victims and the evidence read them in turn.
    await lockSharedForTransaction(manager, ADVISORY_LOCKS.territories);
    const lookups = bindNamed(SCAN_LOOKUPS_SQL, { distributor: report.distributorCode });
    const [{ cuts, skus, regions }] = await manager.query(lookups.text, lookups.parameters);
    const timings = await runTimed(manager, SALES_SCAN_SQL, { lines: report.lineKey, cuts, skus, regions });
    const [checks] = await manager.query(BATCH_CHECKS_SQL);
    this.logger.debug(`sales report ${report.distributorCode} (line key ${report.lineKey}) scan: ${timings}`);
    return { badLines: checks.bad_lines, unknownSkus: checks.unknown_skus, unknownRegions: checks.unknown_regions };
  }

  /** Judges the suspects of scanSalesReport: the findings (finding_line), as statements for the grouping. */
  async detectSalesReport(manager: EntityManager, report: { id: string; lineKey: number; ref: string; distributorCode: string }): Promise<DetectedFindings> {
    const values = { report: report.id, lines: report.lineKey, distributor: report.distributorCode, ref: report.ref };
    const timings = await runTimed(manager, SALES_DETECTION_SQL, values);
    this.logger.debug(`sales report ${report.distributorCode}/${report.ref} detection: ${timings}`);
    return {
      keys: SALES_FINDINGS.keys,
      insert: (incidentOf) => bindNamed(SALES_FINDINGS.insert(incidentOf), values),
      figures: SALES_FINDINGS.figures,
    };
  }

  /**
   * Judges a sighting's candidates (from its traces) inside its transaction, in one prepared statement: the findings, as
   * statements for the grouping of a few findings.
   */
  async detectSighting(manager: EntityManager, sighting: SightingFacts, candidates: readonly SightingCandidate[]): Promise<DetectedFewFindings> {
    const started = performance.now();
    const detection = bindNamed(SIGHTING_DETECTION_SQL, {
      sku: sighting.sku,
      product_line: sighting.productLine,
      region: sighting.regionCode,
      province: sighting.provinceCode,
      day: sighting.observedOn,
      price: sighting.observedPrice,
      line_ids: candidates.map((candidate) => candidate.lineId),
      types: candidates.map((candidate) => candidate.type),
      offenders: candidates.map((candidate) => candidate.offenderCode),
      confidences: candidates.map((candidate) => candidate.confidence),
      quantities: candidates.map((candidate) => candidate.quantity),
      evidence: candidates.map((candidate) => JSON.stringify(candidate.evidence)),
      checked: candidates.map((candidate) => candidate.checked ?? true),
    });
    const findings = await preparedQuery<SightingFinding>(manager, 'sighting-detection', detection.text, detection.parameters);
    this.logger.debug(`sighting ${sighting.id} detection: ${Math.round(performance.now() - started)} ms, ${findings.length} findings`);
    const keyOf = (finding: SightingFinding): IncidentKeyOfFinding => ({
      offenderCode: finding.offender_code,
      productLine: finding.product_line,
      destination: finding.destination,
    });
    return {
      name: 'sighting-violations',
      found: findings.length,
      keys: findings.filter((finding) => finding.violations > 0).map(keyOf),
      insert: (incidentOf) =>
        bindNamed(SIGHTING_VIOLATIONS_INSERT_SQL, {
          sighting: sighting.id,
          sku: sighting.sku,
          findings: JSON.stringify(findings.map((finding) => ({ ...finding, incident_id: finding.violations > 0 ? incidentOf(keyOf(finding)) : null }))),
        }),
      figures: SIGHTING_FIGURES_SQL,
    };
  }
}

/** Runs statements in order with named parameters; answers how long each took, for the debug log. */
async function runTimed(manager: EntityManager, statements: readonly string[], values: Record<string, unknown>): Promise<string> {
  const timings: string[] = [];
  for (const statement of statements) {
    const { text, parameters } = bindNamed(statement, values);
    const started = performance.now();
    await manager.query(text, parameters);
    timings.push(`${statementName(text)} ${Math.round(performance.now() - started)} ms`);
  }
  return timings.join(', ');
}

/** "CREATE TEMP TABLE finding_line ..." → "finding_line", "UPDATE transfer_permit ..." → "UPDATE transfer_permit". */
function statementName(sql: string): string {
  const table = /^\s*CREATE TEMP TABLE (\w+)/.exec(sql);
  if (table) return table[1];
  return sql.trim().split(/\s+/).slice(0, 3).join(' ');
}
