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
