import type { WorkflowSettingsDto } from './dto/workflow-settings.dto';

export type WorkflowSettings = WorkflowSettingsDto;

export const WORKFLOW_SETTINGS_KEY = 'workflow';

export const DEFAULT_WORKFLOW_SETTINGS: WorkflowSettings = {
  slaHours: { open: 48, investigating: 240, confirmed: 720 },
  fourEyesClose: true,
  compensation: { approvalThreshold: '50000.00', lostMarginPerUnit: {} },
};

/**
 * When an incident opened now is due: the open SLA of the stored settings,
 * else the default; the SQL twin of dueAtFor('open', now, ...) for statements
 * that open incidents.
 */
export const OPEN_DUE_AT_SQL = `now() + make_interval(hours => coalesce(
  (SELECT (value -> 'slaHours' ->> 'open')::int FROM setting WHERE key = '${WORKFLOW_SETTINGS_KEY}'), ${DEFAULT_WORKFLOW_SETTINGS.slaHours.open}))`;
