import { Injectable, Logger } from '@nestjs/common';
import { StepTimer } from '../../common/step-timer';
import { EntityManager } from 'typeorm';
import { defineErrors } from '../../common/errors/app-error';
import { DomainEvent, publishEvents } from '../../common/events/domain-events';
import { preparedQuery } from '../../database/prepared-query';
import { detectionSettingsOf } from '../settings/detection-settings';
import { severityOf } from './domain/severity';
import { FEW_KEYS_SQL, GROUPING_SQL, INCIDENT_OF, REFRESH_SCALE_SQL, SEVERITY_INPUT_SQL, UPDATE_SEVERITY_SQL } from './incident-grouping.sql';

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

/** An active finding's incident: offender (null for none), product line, destination province. */
export interface IncidentKey {
  offenderCode: string | null;
  productLine: string;
  destination: string;
}

/**
 * A few findings held in memory (one sighting's), as the grouping reads them:
 * no temporary tables, every statement with parameters.
 */
export interface FewFindings {
  /** Names the detector's statements, prepared once per connection. */
  name: string;
  /** How many findings there are, active or permitted. */
  found: number;
  /** The key of each active finding (repeats allowed). */
  keys: IncidentKey[];
  /** INSERT INTO violation ... RETURNING its columns, each active finding with the incident incidentOf gives its key. */
  insert: (incidentOf: (key: IncidentKey) => string) => { text: string; parameters: unknown[] };
  /** One row per source line with active findings, as Findings.figures, over `inserted` (the rows the insert returns). */
  figures: string;
}

export class IncidentGroupingError extends defineErrors({ INCIDENT_CONTENDED: 'conflict' }) {}

/** How many times the few-findings grouping looks again for a key whose open incident was closed between two statements. */
const FEW_KEYS_ATTEMPTS = 3;

const keyText = (key: IncidentKey) => JSON.stringify([key.offenderCode, key.productLine, key.destination]);

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

  async record(manager: EntityManager, findings: Findings): Promise<RecordedViolations> {
    const timer = new StepTimer();
    await manager.query(GROUPING_SQL.keys(findings.keys));
    const opened: Array<{ id: string; offender_code: string | null; product_line: string; destination_region_code: string }> = await manager.query(
      GROUPING_SQL.open,
    );
    await publishEvents(
      manager,
      opened.map((row) => openedEvent(row.id, { offenderCode: row.offender_code, productLine: row.product_line, destination: row.destination_region_code })),
    );
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

    return recorded(
      counts,
      incidentIds,
      opened.map((row) => row.id),
    );
  }

  /**
   * Records a few findings held in memory (one sighting's) as record() records
   * a batch's, with a handful of parameterised statements: the hot path of a
   * field rep's sighting.
   */
  async recordFew(manager: EntityManager, findings: FewFindings): Promise<RecordedViolations & { stored: Array<Record<string, unknown>> }> {
    if (findings.found === 0) return { ...recorded([], [], []), stored: [] };
    const { incidentOf, opened } = await this.incidentsFor(manager, findings.keys);
    const insert = findings.insert((key) => incidentOf.get(keyText(key))!);
    const incidentIds = [...new Set(incidentOf.values())].sort();
    const stored = await preparedQuery<Record<string, unknown> & { type: string; status: string }>(
      manager,
      `${findings.name}-record`,
      FEW_KEYS_SQL.record(insert.text, findings.figures, `$${insert.parameters.length + 1}`),
      [...insert.parameters, incidentIds],
    );
    const counts = new Map<string, { type: string; status: string; count: number }>();
    for (const { type, status } of stored) {
      const count = counts.get(`${type}/${status}`) ?? { type, status, count: 0 };
      count.count += 1;
      counts.set(`${type}/${status}`, count);
    }
    await this.rescore(manager, incidentIds);
    return { ...recorded([...counts.values()], incidentIds, opened), stored };
  }

  /**
   * The open incident with this key, opened when there is none (a recurrence when the key was resolved or closed
   * before), and locked: for what joins an incident without being a violation (a complaint).
   */
  async openFor(manager: EntityManager, key: IncidentKey): Promise<{ incidentId: string; opened: boolean }> {
    const { incidentOf, opened } = await this.incidentsFor(manager, [key]);
    return { incidentId: incidentOf.get(keyText(key))!, opened: opened.length > 0 };
  }

  /**
   * The open incident of each key, opened where there is none, locked in id
   * order. An incident closed between the two statements leaves its key
   * without one: that key is looked for again.
   */
  private async incidentsFor(manager: EntityManager, keys: IncidentKey[]): Promise<{ incidentOf: Map<string, string>; opened: string[] }> {
    const incidentOf = new Map<string, string>();
    const opened: string[] = [];
    let missing = [...new Map(keys.map((key) => [keyText(key), key])).values()];
    for (let attempt = 1; missing.length > 0; attempt += 1) {
      if (attempt > FEW_KEYS_ATTEMPTS) {
        const message = 'The incident this joins kept changing (opened or closed meanwhile); send it again';
        throw new IncidentGroupingError('INCIDENT_CONTENDED', message, { keys: missing });
      }
      const parameters = [missing.map((key) => key.offenderCode), missing.map((key) => key.productLine), missing.map((key) => key.destination)];
      const held = await preparedQuery<{ n: number; incident_id: string; opened: boolean }>(manager, 'incidents-hold', FEW_KEYS_SQL.hold, parameters);
      for (const row of held) {
        incidentOf.set(keyText(missing[row.n - 1]), row.incident_id);
        if (row.opened) opened.push(row.incident_id);
      }
      await publishEvents(
        manager,
        held.filter((row) => row.opened).map((row) => openedEvent(row.incident_id, missing[row.n - 1])),
      );
      missing = missing.filter((key) => !incidentOf.has(keyText(key)));
    }
    return { incidentOf, opened };
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
    const inputs = await preparedQuery<{
      settings: unknown;
      id: string;
      severity: string;
      value_at_floor: string;
      price_erosion: string;
      region_count: number;
      is_recurrence: boolean;
      confirmed_incidents: number;
    }>(manager, 'incident-severity-input', SEVERITY_INPUT_SQL, [incidentIds]);
    const thresholds = detectionSettingsOf(inputs[0]?.settings).severity;
    const changed = inputs
      .map((input) => ({
        id: input.id,
        was: input.severity,
        severity: severityOf(
          { valueAtFloor: input.value_at_floor, priceErosion: input.price_erosion, regionCount: input.region_count },
          { isRecurrence: input.is_recurrence, confirmedIncidents: input.confirmed_incidents },
          thresholds,
        ),
      }))
      .filter((incident) => incident.severity !== incident.was);
    if (changed.length === 0) return;
    await preparedQuery(manager, 'incident-severity-update', UPDATE_SEVERITY_SQL, [
      changed.map((incident) => incident.id),
      changed.map((incident) => incident.severity),
    ]);
  }
}

function openedEvent(incidentId: string, key: IncidentKey): DomainEvent {
  return { type: 'incident.opened', incidentId, offenderCode: key.offenderCode, productLine: key.productLine, destinationRegionCode: key.destination };
}

function recorded(counts: Array<{ type: string; status: string; count: number }>, incidentIds: string[], openedIncidentIds: string[]): RecordedViolations {
  const violations: Record<string, number> = {};
  for (const row of counts.filter((count) => count.status === 'active')) violations[row.type] = row.count;
  return {
    violations,
    permitted: counts.filter((row) => row.status === 'permitted').reduce((sum, row) => sum + row.count, 0),
    incidentsOpened: openedIncidentIds.length,
    incidentsUpdated: incidentIds.length - openedIncidentIds.length,
    incidentIds,
    openedIncidentIds,
  };
}
