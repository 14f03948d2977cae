import { Injectable, Logger } from '@nestjs/common';
import { StepTimer } from '../../common/step-timer';
import { EntityManager } from 'typeorm';
import { SettingsService } from '../settings/settings.service';
import { severityOf } from './domain/severity';
import { GROUPING_SQL, INCIDENT_OF, REFRESH_SCALE_SQL, SEVERITY_INPUT_SQL, UPDATE_SEVERITY_SQL } from './incident-grouping.sql';

export interface RecordedViolations {
  /** Active violations by type. */
  violations: Record<string, number>;
  /** Out-of-territory lines a transfer permit covered. */
  permitted: number;
  incidentsOpened: number;
  incidentsUpdated: number;
  incidentIds: string[];
  /** The incidents these findings opened. */
  openedIncidentIds: string[];
}

/**
 * What a detector found, as the grouping reads it (see GROUPING_SQL). The
 * statements are given the join from a finding to its incident (INCIDENT_OF),
 * so detectors need not know how incidents are kept.
 */
export interface Findings {
  /** SELECT offender_code, product_line, destination of the active findings. */
  keys: string;
  /** Inserts the violations, each active one with its incident; answers rows (type, status, count). */
  insert: (incidentOf: (finding: string) => string) => { text: string; parameters: unknown[] };
  /** One row per source line with active findings, with its incident (see GROUPING_SQL.accumulate). */
  figures: (incidentOf: (finding: string) => string) => string;
}

/**
 * Records what detection found: each active finding joins the open incident
 * with its offender, product line and destination province, or opens one
 * (a recurrence when the same key was resolved or closed before); the
 * incidents touched are rescaled and regraded. Set-based: a handful of
 * statements whatever the number of findings.
 */
@Injectable()
export class IncidentGroupingService {
  private readonly logger = new Logger('IncidentGrouping');

  constructor(private readonly settings: SettingsService) {}

  async record(manager: EntityManager, findings: Findings): Promise<RecordedViolations> {
    const timer = new StepTimer();
    await manager.query(GROUPING_SQL.keys(findings.keys));
    const opened: Array<{ id: string }> = await manager.query(GROUPING_SQL.open);
    await manager.query(GROUPING_SQL.map);
    await manager.query(GROUPING_SQL.lock);
    timer.mark('incidents');
    const insert = findings.insert(INCIDENT_OF);
    const counts: Array<{ type: string; status: string; count: number }> = await manager.query(insert.text, insert.parameters);
    timer.mark('violations');
    await manager.query(GROUPING_SQL.accumulate(findings.figures(INCIDENT_OF)));
    const incidentIds: string[] = (await manager.query(`SELECT DISTINCT incident_id FROM incident_key_map`)).map(
      (row: { incident_id: string }) => row.incident_id,
    );
    await this.rescore(manager, incidentIds);
    timer.mark('scale');
    this.logger.debug(`grouping: ${timer.summary()}`);

    const violations: Record<string, number> = {};
    for (const row of counts.filter((count) => count.status === 'active')) violations[row.type] = row.count;
    return {
      violations,
      permitted: counts.filter((row) => row.status === 'permitted').reduce((sum, row) => sum + row.count, 0),
      incidentsOpened: opened.length,
      incidentsUpdated: incidentIds.length - opened.length,
      incidentIds,
      openedIncidentIds: opened.map((row) => row.id),
    };
  }

  /**
   * The open incident with this key, opened when there is none (a recurrence when the key was resolved or closed
   * before), and locked: for what joins an incident without being a violation (a complaint).
   */
  async openFor(
    manager: EntityManager,
    key: { offenderCode: string | null; productLine: string; destination: string },
  ): Promise<{ incidentId: string; opened: boolean }> {
    await manager.query(GROUPING_SQL.keys(`SELECT $1::text AS offender_code, $2::text AS product_line, $3::text AS destination`), [
      key.offenderCode,
      key.productLine,
      key.destination,
    ]);
    const opened: Array<{ id: string }> = await manager.query(GROUPING_SQL.open);
    await manager.query(GROUPING_SQL.map);
    await manager.query(GROUPING_SQL.lock);
    const [{ incident_id: incidentId }] = await manager.query(`SELECT incident_id FROM incident_key_map`);
    await manager.query(`DROP TABLE incident_key, incident_key_map`);
    return { incidentId, opened: opened.length > 0 };
  }

  /** Adds victims to an incident (a complainant); REFRESH_SCALE_SQL keeps complainants among them. */
  async addVictims(manager: EntityManager, incidentId: string, codes: string[]): Promise<void> {
    await manager.query(
      `UPDATE incident SET victim_codes = ARRAY(SELECT DISTINCT code FROM unnest(victim_codes || $2::text[]) AS code ORDER BY code), updated_at = now()
       WHERE id = $1 AND NOT victim_codes @> $2::text[]`,
      [incidentId, codes],
    );
  }

  /** Recomputes scale and severity of the given incidents from their active violations (after some were voided). */
  async refresh(manager: EntityManager, incidentIds: string[]): Promise<void> {
    if (incidentIds.length === 0) return;
    // In id order, as record() locks them: two imports never wait on each other in a circle.
    await manager.query(`SELECT id FROM incident WHERE id = ANY($1::uuid[]) ORDER BY id FOR UPDATE`, [incidentIds]);
    await manager.query(REFRESH_SCALE_SQL, [incidentIds]);
    await this.rescore(manager, incidentIds);
  }

  /** Severity from the incidents' current scale and their offenders' history. */
  private async rescore(manager: EntityManager, incidentIds: string[]): Promise<void> {
    if (incidentIds.length === 0) return;
    const thresholds = (await this.settings.detection(manager)).severity;
    const inputs: Array<{
      id: string;
      severity: string;
      value_at_floor: string;
      price_erosion: string;
      region_count: number;
      is_recurrence: boolean;
      confirmed_incidents: number;
    }> = await manager.query(SEVERITY_INPUT_SQL, [incidentIds]);
    const severities = inputs.map((input) =>
      severityOf(
        { valueAtFloor: input.value_at_floor, priceErosion: input.price_erosion, regionCount: input.region_count },
        { isRecurrence: input.is_recurrence, confirmedIncidents: input.confirmed_incidents },
        thresholds,
      ),
    );
    await manager.query(UPDATE_SEVERITY_SQL, [inputs.map((input) => input.id), severities]);
  }
}
