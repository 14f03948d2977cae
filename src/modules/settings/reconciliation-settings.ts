import type { ReconciliationSettingsDto } from './dto/reconciliation-settings.dto';

export type ReconciliationSettings = ReconciliationSettingsDto;

export const RECONCILIATION_SETTINGS_KEY = 'reconciliation';

export const DEFAULT_RECONCILIATION_SETTINGS: ReconciliationSettings = { tolerancePercent: 20, windowMonths: 3, minSellInUnits: 100, runEveryMinutes: 60 };

export function reconciliationSettingsOf(stored: unknown): ReconciliationSettings {
  return (stored as ReconciliationSettings | null | undefined) ?? DEFAULT_RECONCILIATION_SETTINGS;
}
