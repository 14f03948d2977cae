import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { SettingsService } from '../settings/settings.service';
import { severityOf } from './domain/severity';
import { GROUPING_SQL, REFRESH_SCALE_SQL, SEVERITY_INPUT_SQL, UPDATE_SEVERITY_SQL } from './incident-grouping.sql';

export interface RecordedViolations {
  /** Active violations by type. */
  violations: Record<string, number>;
  /** Out-of-territory lines a transfer permit covered. */
  permitted: number;
  incidentsOpened: number;
  incidentsUpdated: number;
  incidentIds: string[];
}

/**
 * Moves what detection found (detected_violation) into violation, each active
 * finding joining the open incident with its offender, product line and
 * destination province or opening one, then rescales the incidents touched.
 * Set-based: a handful of statements whatever the number of findings.
 */
@Injectable()
export class IncidentGroupingService {
  constructor(private readonly settings: SettingsService) {}

  async record(manager: EntityManager): Promise<RecordedViolations> {
    await manager.query(GROUPING_SQL.keys);
    const opened: Array<{ id: string }> = await manager.query(GROUPING_SQL.open);
    await manager.query(GROUPING_SQL.map);
    await manager.query(GROUPING_SQL.lock);
    await manager.query(GROUPING_SQL.insert);
    const incidentIds: string[] = (await manager.query(`SELECT DISTINCT incident_id FROM incident_key_map`)).map(
      (row: { incident_id: string }) => row.incident_id,
    );
    await this.refresh(manager, incidentIds);

    const counts: Array<{ type: string; status: string; count: number }> = await manager.query(GROUPING_SQL.counts);
    const violations: Record<string, number> = {};
    for (const row of counts.filter((count) => count.status === 'active')) violations[row.type] = row.count;
    return {
      violations,
      permitted: counts.filter((row) => row.status === 'permitted').reduce((sum, row) => sum + row.count, 0),
      incidentsOpened: opened.length,
      incidentsUpdated: incidentIds.length - opened.length,
      incidentIds,
    };
  }

  /** Recomputes scale and severity of the given incidents from their active violations. */
  async refresh(manager: EntityManager, incidentIds: string[]): Promise<void> {
    if (incidentIds.length === 0) return;
    await manager.query(REFRESH_SCALE_SQL, [incidentIds]);
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
