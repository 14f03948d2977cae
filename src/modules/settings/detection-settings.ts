import type { DetectionSettingsDto } from './dto/detection-settings.dto';

export type DetectionSettings = DetectionSettingsDto;

export const DEFAULT_DETECTION_SETTINGS: DetectionSettings = {
  severity: {
    valueAtFloor: { medium: '10000.00', high: '100000.00', critical: '500000.00' },
    priceGapPercent: { medium: 5, high: 15, critical: 30 },
    regionsHit: { medium: 3, high: 10, critical: 30 },
    raiseAfterConfirmedIncidents: 1,
  },
};

/** The stored detection settings as a scalar subquery (null when none are stored): for a statement that needs them alongside. */
export const STORED_DETECTION_SETTINGS_SQL = `(SELECT value FROM setting WHERE key = 'detection')`;

/** The stored detection settings (a `setting` row's value, or null), or the defaults. */
export function detectionSettingsOf(stored: unknown): DetectionSettings {
  return (stored as DetectionSettings | null | undefined) ?? DEFAULT_DETECTION_SETTINGS;
}
