import type { ReconciliationSettingsDto } from './dto/reconciliation-settings.dto';

export type ReconciliationSettings = ReconciliationSettingsDto;

export const RECONCILIATION_SETTINGS_KEY = 'reconciliation';

export const DEFAULT_RECONCILIATION_SETTINGS: ReconciliationSettings = { tolerancePercent: 20, windowMonths: 3, minSellInUnits: 100, runEveryMinutes: 60 };
