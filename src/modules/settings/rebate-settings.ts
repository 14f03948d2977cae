import type { RebateSettingsDto } from './dto/rebate-settings.dto';

export type RebateSettings = RebateSettingsDto;

export const REBATE_SETTINGS_KEY = 'rebate';

export const DEFAULT_REBATE_SETTINGS: RebateSettings = { periodEnds: ['12-31'], windowWeeks: 4, baselineWeeks: 26, factor: 2 };
