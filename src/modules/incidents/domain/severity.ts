import { compareDecimal, toScaled } from '../../../common/money/money';
import type { SeverityThresholdsDto } from '../../settings/dto/detection-settings.dto';
import { SEVERITIES, type Severity } from '../incident.entity';

export interface IncidentScale {
  /** Decimal string. */
  valueAtFloor: string;
  /** Decimal string. */
  priceErosion: string;
  regionCount: number;
}

export interface OffenderHistory {
  /** The incident repeats a resolved or closed one. */
  isRecurrence: boolean;
  /** The offender's other incidents that reached confirmed (or resolved, closed). */
  confirmedIncidents: number;
}

const level = (index: number): Severity => SEVERITIES[Math.max(0, Math.min(SEVERITIES.length - 1, index))];

function tier(reached: (threshold: 'medium' | 'high' | 'critical') => boolean): number {
  if (reached('critical')) return 3;
  if (reached('high')) return 2;
  if (reached('medium')) return 1;
  return 0;
}

/**
 * The highest level any measure reaches — value at floor, price gap (erosion as
 * a share of value at floor), regions hit — raised one level for an offender
 * with history (a recurrence, or enough earlier confirmed incidents).
 */
export function severityOf(scale: IncidentScale, history: OffenderHistory, thresholds: SeverityThresholdsDto): Severity {
  const value = tier((at) => compareDecimal(scale.valueAtFloor, thresholds.valueAtFloor[at]) >= 0);
  // erosion / value >= percent / 100, in exact integers
  const gap = tier(
    (at) =>
      toScaled(scale.valueAtFloor) > 0n &&
      toScaled(scale.priceErosion) * 10_000n >= toScaled(scale.valueAtFloor) * BigInt(Math.round(thresholds.priceGapPercent[at] * 100)),
  );
  const regions = tier((at) => scale.regionCount >= thresholds.regionsHit[at]);
  const base = Math.max(value, gap, regions);
  const raised = history.isRecurrence || history.confirmedIncidents >= thresholds.raiseAfterConfirmedIncidents;
  return level(base + (raised ? 1 : 0));
}
